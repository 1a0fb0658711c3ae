using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;

namespace Flyte.Types.Nested;

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
                return MsgPackRead.IsLargeUnsigned(r) ? JsonValue.Create(r.ReadUInt64()) : JsonValue.Create(r.ReadInt64());
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
