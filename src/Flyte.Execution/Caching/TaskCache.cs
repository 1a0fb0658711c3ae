using System.Collections;
using System.Security.Cryptography;
using System.Text;
using Flyte.Proto;
using Flyte.Tasks;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Data.Sqlite;
using Pb = Flyteidl.Core;

namespace Flyte.Execution;

/// <summary>How an interpreter uses the task cache for tasks whose <see cref="TaskMetadata.Cache"/> is enabled.</summary>
public enum CacheMode
{
    /// <summary>A hit returns the stored outputs without running the task; a miss runs it and stores its outputs.</summary>
    ReadWrite,
    /// <summary>Every cached task runs, and its outputs replace what was stored (flytekit's <c>overwrite_cache</c>).</summary>
    Overwrite,
    /// <summary>The cache is neither read nor written.</summary>
    NoCache,
}

/// <summary>
/// The key of a cached task execution, after Flyte's data catalog: task name, cache version, a hash of the typed
/// interface and a hash of the inputs. Inputs are hashed from their protobuf bytes with every map in key order, so
/// equal inputs give equal keys whatever order they were built in; a literal with a <see cref="Literal.Hash"/> counts by
/// that hash instead of its value; inputs listed in <see cref="CacheSettings.IgnoredInputs"/> are left out.
/// </summary>
public static class CacheKey
{
    /// <summary>The cache key of running <paramref name="task"/> on <paramref name="inputs"/> (64 hex digits).</summary>
    public static string Of(TaskSpec task, LiteralMap inputs)
    {
        ArgumentNullException.ThrowIfNull(task);
        var text = string.Join('\n', task.Name, task.Metadata.Cache.Version, InterfaceHash(task.Interface),
            InputsHash(inputs, task.Metadata.Cache.IgnoredInputs));
        return Sha256(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>A hash of the interface's protobuf form (variable names and literal types, maps in key order).</summary>
    public static string InterfaceHash(TypedInterface @interface)
    {
        ArgumentNullException.ThrowIfNull(@interface);
        static Pb.VariableMap Variables(IEnumerable<Variable> variables)
        {
            var map = new Pb.VariableMap();
            foreach (var v in variables) map.Variables[v.Name] = new Pb.Variable { Type = ProtoMapping.ToProto(v.Type) };
            return map;
        }
        var proto = new Pb.TypedInterface { Inputs = Variables(@interface.Inputs), Outputs = Variables(@interface.Outputs) };
        return Sha256(Canonical(proto).ToByteArray());
    }

    /// <summary>A hash of <paramref name="inputs"/> without the <paramref name="ignored"/> ones.</summary>
    public static string InputsHash(LiteralMap inputs, IEnumerable<string> ignored)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var skip = ignored.ToHashSet(StringComparer.Ordinal);
        var kept = new LiteralMap(new(inputs.Literals.Where(kv => !skip.Contains(kv.Key))));
        return Sha256(Canonical(ProtoMapping.ToProto(kept)).ToByteArray());
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Puts <paramref name="message"/> in canonical form, in place: every map field's entries in ordinal key order
    /// (protobuf writes maps in insertion order), and every literal carrying a hash reduced to that hash.
    /// </summary>
    private static T Canonical<T>(T message) where T : IMessage
    {
        if (message is Pb.Literal { Hash.Length: > 0 } hashed)
        {
            hashed.ClearValue();
            hashed.Metadata.Clear();
            return message;
        }
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap && value is IDictionary map)
            {
                var entries = new List<(object Key, object? Value)>();
                for (var e = map.GetEnumerator(); e.MoveNext();) entries.Add((e.Key, e.Value));
                map.Clear();
                foreach (var (key, item) in entries.OrderBy(e => Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal))
                {
                    if (item is IMessage nested) Canonical(nested);
                    map[key] = item;
                }
            }
            else if (field.IsRepeated && value is IList list)
            {
                foreach (var item in list)
                    if (item is IMessage nested) Canonical(nested);
            }
            else if (field.FieldType == FieldType.Message && value is IMessage nested)
            {
                Canonical(nested);
            }
        }
        return message;
    }
}

/// <summary>
/// Task outputs stored by <see cref="CacheKey"/> in a SQLite file (by default <c>~/.flyte/cache.db</c>). Outputs are
/// stored as the protobuf bytes of their literal map; an entry that cannot be read back is a miss, never an error.
/// Safe to use from concurrent tasks and processes (SQLite locking, WAL journal).
/// </summary>
public sealed class SqliteTaskCache
{
    private readonly string _connectionString;
    private readonly Lazy<bool> _created;

    /// <summary>A cache in the SQLite file at <paramref name="path"/>; the file and its folder are made on first use.</summary>
    public SqliteTaskCache(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        _created = new Lazy<bool>(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The default cache file: <c>~/.flyte/cache.db</c>.</summary>
    public static string DefaultPath { get; } =
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".flyte", "cache.db");

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    private bool Create()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var connection = Open(ensureCreated: false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS task_cache (
                cache_key TEXT PRIMARY KEY,
                task_name TEXT NOT NULL,
                cache_version TEXT NOT NULL,
                outputs BLOB NOT NULL,
                created_at TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        return true;
    }

    private SqliteConnection Open(bool ensureCreated = true)
    {
        if (ensureCreated) _ = _created.Value;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The outputs stored under <paramref name="key"/>, or null on a miss. A stored entry that does not parse as a
    /// literal map, or lacks one of <paramref name="expected"/>'s outputs, is a miss.
    /// </summary>
    public LiteralMap? TryGet(string key, TypedInterface expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT outputs FROM task_cache WHERE cache_key = $key";
        command.Parameters.AddWithValue("$key", key);
        if (command.ExecuteScalar() is not byte[] bytes) return null;
        try
        {
            var outputs = ProtoSerializer.LiteralMapFromBytes(bytes);
            return expected.Outputs.All(o => outputs.Literals.ContainsKey(o.Name)) ? outputs : null;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="outputs"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Put(string key, TaskSpec task, LiteralMap outputs)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(outputs);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO task_cache (cache_key, task_name, cache_version, outputs, created_at)
            VALUES ($key, $name, $version, $outputs, $at)
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$name", task.Name);
        command.Parameters.AddWithValue("$version", task.Metadata.Cache.Version);
        command.Parameters.AddWithValue("$outputs", outputs.ToBytes());
        command.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }
}
