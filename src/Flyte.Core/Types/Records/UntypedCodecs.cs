using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>JSON values ⇄ msgpack, as Python's <c>msgpack.dumps(json.loads(…))</c> would give: integers stay integers.</summary>
internal static class MessagePackJson
{
    public static void Write(ref MessagePackWriter w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in element.EnumerateObject()) count++;
                w.WriteMapHeader(count);
                foreach (var property in element.EnumerateObject())
                {
                    w.WriteString(property.Name);
                    Write(ref w, property.Value);
                }
                break;
            case JsonValueKind.Array:
                w.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) Write(ref w, item);
                break;
            case JsonValueKind.String: w.WriteString(element.GetString()!); break;
            case JsonValueKind.Number:
                if (IsIntegerText(element.GetRawText()) && element.TryGetInt64(out var l)) w.Write(l);
                else if (IsIntegerText(element.GetRawText()) && element.TryGetUInt64(out var u)) w.Write(u);
                else w.Write(element.GetDouble());
                break;
            case JsonValueKind.True: w.Write(true); break;
            case JsonValueKind.False: w.Write(false); break;
            default: w.WriteNil(); break;
        }
    }

    /// <summary>Python's <c>json.loads</c> makes an int only of text without fraction or exponent.</summary>
    public static bool IsIntegerText(string raw) => raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    public static JsonNode? ToNode(ref MessagePackReader r)
    {
        switch (r.PeekType())
        {
            case MessagePackType.Nil: r.ReadNil(); return null;
            case MessagePackType.Boolean: return JsonValue.Create(r.ReadBoolean());
            case MessagePackType.Integer:
                return PrimitiveCodecs.IsLargeUnsigned(r) ? JsonValue.Create(r.ReadUInt64()) : JsonValue.Create(r.ReadInt64());
            case MessagePackType.Float: return JsonValue.Create(r.ReadDouble());
            case MessagePackType.String: return JsonValue.Create(r.ReadString());
            case MessagePackType.Binary: return JsonValue.Create(Convert.ToBase64String(r.ReadBinary()));
            case MessagePackType.Array:
            {
                var count = r.ReadArrayHeader();
                var array = new JsonArray();
                for (var i = 0; i < count; i++) array.Add(ToNode(ref r));
                return array;
            }
            case MessagePackType.Map:
            {
                var count = r.ReadMapHeader();
                var obj = new JsonObject();
                for (var i = 0; i < count; i++)
                {
                    var key = KeyText(ref r);
                    obj[key] = ToNode(ref r);
                }
                return obj;
            }
            default:
                r.Skip();
                return null;
        }
    }

    /// <summary>JSON object keys are strings: a native msgpack key (an int of <c>Dict[int, str]</c>) becomes its text.</summary>
    public static string KeyText(ref MessagePackReader r) => r.PeekType() switch
    {
        MessagePackType.String => r.ReadString(),
        MessagePackType.Integer => r.ReadInt64().ToString(CultureInfo.InvariantCulture),
        MessagePackType.Float => r.ReadDouble().ToString("R", CultureInfo.InvariantCulture),
        MessagePackType.Boolean => r.ReadBoolean() ? "true" : "false",
        MessagePackType.Nil => ReadNilKey(ref r),
        _ => throw new CodecReadException("a map key must be a string, number, boolean or nil to become JSON"),
    };

    private static string ReadNilKey(ref MessagePackReader r)
    {
        r.ReadNil();
        return "null";
    }
}

internal sealed class JsonElementCodec : Codec<JsonElement>
{
    public override void Write(ref MessagePackWriter w, JsonElement v, CodecState s) => MessagePackJson.Write(ref w, v);
    public override JsonElement Read(ref MessagePackReader r, CodecState s) =>
        JsonSerializer.SerializeToElement(MessagePackJson.ToNode(ref r));
}

internal sealed class JsonNodeCodec<T> : Codec<T> where T : JsonNode
{
    public override void Write(ref MessagePackWriter w, T v, CodecState s)
    {
        if (v is null) w.WriteNil();
        else MessagePackJson.Write(ref w, JsonSerializer.SerializeToElement(v));
    }

    public override T Read(ref MessagePackReader r, CodecState s)
    {
        var node = MessagePackJson.ToNode(ref r);
        return node switch
        {
            null => null!,
            T typed => typed,
            _ => throw new CodecReadException($"expected a JSON {typeof(T).Name}, found {node.GetValueKind()}"),
        };
    }
}

/// <summary>
/// Untyped values (<c>object?</c>, the values of <c>Dictionary&lt;string, object?&gt;</c>): written by their run-time type,
/// read as long / double / string / bool / byte[] / List&lt;object?&gt; / Dictionary&lt;string, object?&gt; (other keys: object).
/// </summary>
internal sealed class ObjectCodec(CodecResolver resolver) : Codec<object>
{
    public override void Write(ref MessagePackWriter w, object v, CodecState s)
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
            case JsonNode node: MessagePackJson.Write(ref w, JsonSerializer.SerializeToElement(node)); break;
            case IDictionary map when v.GetType().IsGenericType && resolver.TryGet(v.GetType()) is { } typedMap:
                typedMap.WriteBoxed(ref w, v, s);
                break;
            case IDictionary map:
                w.WriteMapHeader(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    Write(ref w, entry.Key, s);
                    Write(ref w, entry.Value!, s);
                }
                break;
            default:
                var codec = resolver.Get(v.GetType());
                codec.WriteBoxed(ref w, v, s);
                break;
        }
    }

    public override object Read(ref MessagePackReader r, CodecState s)
    {
        switch (r.PeekType())
        {
            case MessagePackType.Nil: r.ReadNil(); return null!;
            case MessagePackType.Boolean: return r.ReadBoolean();
            case MessagePackType.Integer: return PrimitiveCodecs.IsLargeUnsigned(r) ? r.ReadUInt64() : r.ReadInt64();
            case MessagePackType.Float: return r.ReadDouble();
            case MessagePackType.String: return r.ReadString();
            case MessagePackType.Binary: return r.ReadBinary().ToArray();
            case MessagePackType.Array:
            {
                var count = r.ReadArrayHeader();
                var list = new List<object?>(count);
                for (var i = 0; i < count; i++) list.Add(Read(ref r, s));
                return list;
            }
            case MessagePackType.Map:
            {
                var count = r.ReadMapHeader();
                var entries = new List<KeyValuePair<object, object?>>(count);
                for (var i = 0; i < count; i++) entries.Add(new(Read(ref r, s) ?? "", Read(ref r, s)));
                if (entries.All(e => e.Key is string)) return entries.ToDictionary(e => (string)e.Key, e => e.Value);
                return entries.ToDictionary(e => e.Key, e => e.Value);
            }
            default:
                r.Skip();
                return null!;
        }
    }
}
