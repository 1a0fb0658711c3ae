using Flyte.Tasks;

namespace Flyte.Execution;

/// <summary>
/// The cache decision every interpreter with a local cache makes for a task node: a task is cached when its
/// <see cref="TaskMetadata.Cache"/> is enabled, the run's <see cref="InterpreterOptions.Cache"/> is not
/// <see cref="CacheMode.NoCache"/>, and it is not stubbed (a stub is a test double: its outputs must neither come from
/// nor go into the cache). Hits are read only in <see cref="CacheMode.ReadWrite"/>. The SQLite file
/// (<see cref="InterpreterOptions.CachePath"/>) is opened on first use. Thread-safe.
/// </summary>
public sealed class CachePolicy
{
    private readonly CacheMode mode;
    private readonly Lazy<SqliteTaskCache> store;

    /// <summary>The decision under <paramref name="options"/>.</summary>
    public CachePolicy(InterpreterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        mode = options.Cache;
        var path = options.CachePath;
        store = new Lazy<SqliteTaskCache>(() => new SqliteTaskCache(path));
    }

    /// <summary>The cache key of <paramref name="declared"/> on <paramref name="inputs"/> when <paramref name="runs"/> (what runs in its place) is cached; else null.</summary>
    public string? KeyFor(TaskSpec declared, TaskSpec runs, LiteralMap inputs) =>
        declared.Metadata.Cache.Enabled && mode != CacheMode.NoCache && ReferenceEquals(runs, declared) ? CacheKey.Of(declared, inputs) : null;

    /// <summary>The stored outputs under <paramref name="key"/>, or null (a miss, or a mode that does not read).</summary>
    public LiteralMap? Lookup(string key, TaskSpec declared) =>
        mode == CacheMode.ReadWrite ? store.Value.TryGet(key, declared.Interface) : null;

    /// <summary>Stores the outputs of a run under <paramref name="key"/>.</summary>
    public void Store(string key, TaskSpec declared, LiteralMap outputs) => store.Value.Put(key, declared, outputs);
}
