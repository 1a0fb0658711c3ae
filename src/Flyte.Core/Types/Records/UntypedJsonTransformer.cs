using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;
using Flyte.Types.Nested;
using Flyte.Types.Json;

namespace Flyte.Types.Records;

/// <summary>
/// Untyped JSON (<see cref="JsonElement"/>, <see cref="JsonNode"/> and its kinds, <c>Dictionary&lt;string, object?&gt;</c>,
/// <c>object</c>) as flytekit's untyped <c>dict</c>: <c>STRUCT</c> + msgpack annotation, no metadata, <c>Binary</c>
/// msgpack of the JSON value with integers kept as integers. An <c>object</c> is written by its run-time type (through
/// the engine) and read as long / double / string / bool / byte[] / <c>List&lt;object?&gt;</c> /
/// <c>Dictionary&lt;string, object?&gt;</c> (a map with other keys: <c>Dictionary&lt;object, object?&gt;</c>).
/// </summary>
/// <typeparam name="T">The JSON-like type.</typeparam>
public sealed class UntypedJsonTransformer<T> : TypeTransformer<T>
{
    internal UntypedJsonTransformer()
    {
    }

    /// <summary>flytekit's dict transformer name (<c>Typed Dict</c>), also the union variant tag.</summary>
    public override string Name => "Typed Dict";

    /// <inheritdoc />
    public override LiteralType LiteralType { get; } = LiteralType.Of(SimpleType.Struct) with { Annotation = RecordSchema.MessagePackAnnotation };

    /// <inheritdoc />
    public override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "Declare the value optional to pass null.");
        return MsgPackBinary.ToLiteralAsync(this, value, context);
    }

    /// <inheritdoc />
    public override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        var bytes = literal.Value switch
        {
            Binary { Tag: Binary.MessagePackTag } binary => binary.Value.Memory,
            Binary binary => throw new TypeTransformerException(LiteralType, $"binary with tag \"{binary.Tag}\"", $"Unsupported binary format: `{binary.Tag}`."),
            Generic generic => LiteralMessagePack.StructToBytes(generic.Value),
            Union => (ReadOnlyMemory<byte>?)null,
            _ => throw new TypeTransformerException(LiteralType, literal.ToString(), "An untyped dict is read from a msgpack binary or a protobuf Struct."),
        };
        if (bytes is not { } payload) return ToValueAsync(((Union)literal.Value).Value, context);
        try
        {
            var pending = MsgPackBinary.DecodeAsync(this, payload, context);
            return pending.IsCompletedSuccessfully ? pending : Slow(pending);
        }
        catch (Exception e) when (Mismatches.IsReadError(e))
        {
            throw PayloadError(e);
        }

        async ValueTask<T> Slow(ValueTask<T> task)
        {
            try
            {
                return await task.ConfigureAwait(false);
            }
            catch (Exception e) when (Mismatches.IsReadError(e))
            {
                throw PayloadError(e);
            }
        }
    }

    private TypeTransformerException PayloadError(Exception e) =>
        new(LiteralType, "msgpack that is not a " + typeof(T).Name, e.Message, e);

    /// <summary>The JSON value as msgpack (integers stay integers); an <c>object</c> by its run-time type.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context) => Untyped.Write(ref writer, value, context);

    /// <inheritdoc />
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var limit = context.Engine.Options.MaxDepth;
        if (typeof(T) == typeof(JsonElement)) return (T)(object)MessagePackJson.ToElement(ref reader, context.Depth, limit);
        if (typeof(JsonNode).IsAssignableFrom(typeof(T)))
        {
            var node = MessagePackJson.ToNode(ref reader, context.Depth, limit);
            return node switch
            {
                null => default!,
                T typed => typed,
                _ => throw new CodecReadException($"expected a JSON {typeof(T).Name}, found {node.GetValueKind()}"),
            };
        }
        if (typeof(T) == typeof(object)) return (T)Untyped.Read(ref reader, context.Depth, limit)!;
        if (reader.TryReadNil()) return default!;
        if (reader.PeekType() != MessagePackType.Map) throw new CodecReadException($"expected a map, found {MsgPackRead.Describe(ref reader)}");
        Nesting.Check(context.Depth + 1, limit);
        var count = reader.ReadMapHeader();
        var map = new Dictionary<string, object?>(Math.Min(count, reader.Remaining), StringComparer.Ordinal);
        var key = "";
        try
        {
            for (var i = 0; i < count; i++)
            {
                key = MessagePackJson.KeyText(ref reader);
                map[key] = Untyped.Read(ref reader, context.Depth + 1, limit);   // a repeated key keeps its last value
            }
        }
        catch (Exception e) when (Nesting.Prepend(e, Collections.Elements.Key(key)))
        {
        }
        return (T)(object)map;
    }
}

/// <summary>Untyped values inside msgpack.</summary>
internal static class Untyped
{
    public static void Write(ref MessagePackWriter w, object? v, MsgPackContext context)
    {
        switch (v)
        {
            case null: w.WriteNil(); break;
            case string text: w.WriteString(text); break;
            case bool b: w.Write(b); break;
            case double d: w.Write(d); break;
            case float f: w.Write((double)f); break;
            case long l: w.Write(l); break;
            case int i: w.Write(i); break;
            case ulong u: w.Write(u); break;
            case JsonElement element: MessagePackJson.Write(ref w, element); break;
            case JsonNode node: MessagePackJson.Write(ref w, node); break;
            case IEnumerable<KeyValuePair<string, object?>> entries:
                var list = entries as IReadOnlyCollection<KeyValuePair<string, object?>> ?? entries.ToList();
                w.WriteMapHeader(list.Count);
                foreach (var (key, item) in list)
                {
                    w.WriteString(key);
                    Write(ref w, item, context);
                }
                break;
            case IDictionary map when !v.GetType().IsGenericType:
                w.WriteMapHeader(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    Write(ref w, entry.Key, context);
                    Write(ref w, entry.Value, context);
                }
                break;
            default:
                context.Engine.Get(v.GetType()).WriteMsgPack(ref w, v, context);
                break;
        }
    }

    /// <summary>Reads the next value untyped, <paramref name="depth"/> containers deep already (see <see cref="Nesting"/>).</summary>
    public static object? Read(ref MessagePackReader r, int depth, int limit)
    {
        switch (r.PeekType())
        {
            case MessagePackType.Nil: r.ReadNil(); return null;
            case MessagePackType.Boolean: return r.ReadBoolean();
            case MessagePackType.Integer: return MsgPackRead.IsLargeUnsigned(r) ? r.ReadUInt64() : r.ReadInt64();
            case MessagePackType.Float: return r.ReadDouble();
            case MessagePackType.String: return r.ReadString();
            case MessagePackType.Binary: return r.ReadBinary().ToArray();
            case MessagePackType.Array:
                Nesting.Check(depth + 1, limit);
                return ReadList(ref r, depth + 1, limit);
            case MessagePackType.Map:
                Nesting.Check(depth + 1, limit);
                return ReadMap(ref r, depth + 1, limit);
            default:
                r.Skip();
                return null;
        }
    }

    private static List<object?> ReadList(ref MessagePackReader r, int depth, int limit)
    {
        var count = r.ReadArrayHeader();
        var list = new List<object?>(Math.Min(count, r.Remaining));
        var i = 0;
        try
        {
            for (; i < count; i++) list.Add(Read(ref r, depth, limit));
        }
        catch (Exception e) when (Nesting.Prepend(e, Collections.Elements.Index(i)))
        {
        }
        return list;
    }

    /// <summary>A map: string keys give a <c>Dictionary&lt;string, object?&gt;</c>, others a <c>Dictionary&lt;object, object?&gt;</c>; a repeated key keeps its last value, as Python's msgpack does.</summary>
    public static object ReadMap(ref MessagePackReader r, int depth, int limit)
    {
        var count = r.ReadMapHeader();
        var strings = new Dictionary<string, object?>(Math.Min(count, r.Remaining), StringComparer.Ordinal);
        Dictionary<object, object?>? others = null;
        object key = "";
        try
        {
            for (var i = 0; i < count; i++)
            {
                key = Read(ref r, depth, limit) ?? "";
                var value = Read(ref r, depth, limit);
                if (others is null && key is string text)
                {
                    strings[text] = value;
                    continue;
                }
                if (others is null)
                {
                    others = new Dictionary<object, object?>(strings.Count + 1, KeyComparer.Instance);
                    foreach (var (k, v) in strings) others[k] = v;
                }
                others[key] = value;
            }
        }
        catch (Exception e) when (Nesting.Prepend(e, Collections.Elements.Key(key)))
        {
        }
        return (object?)others ?? strings;
    }

    /// <summary>Map keys compare by value; a byte[] key by its bytes (a Python bytes key), not by reference.</summary>
    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static readonly KeyComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is byte[] a && y is byte[] b ? a.AsSpan().SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object obj)
        {
            if (obj is not byte[] bytes) return obj.GetHashCode();
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}

/// <summary>Makes <see cref="UntypedJsonTransformer{T}"/> for JSON elements and nodes, string-keyed maps of <c>object?</c> and <c>object</c>.</summary>
public sealed class UntypedJsonFactory : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type) || type == typeof(object) ||
        type == typeof(Dictionary<string, object?>) || type == typeof(IDictionary<string, object?>) || type == typeof(IReadOnlyDictionary<string, object?>);

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        (ITypeTransformer)Activator.CreateInstance(typeof(UntypedJsonTransformer<>).MakeGenericType(type),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [], null)!;
}
