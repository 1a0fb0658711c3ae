using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Json;

/// <summary>
/// JSON values ⇄ msgpack, as Python's <c>msgpack.dumps(json.loads(…))</c> would give: integers stay integers. The one
/// JSON↔msgpack conversion of the SDK (untyped dicts, JSON schemas, <see cref="LiteralJson"/>, Flyte.FSharp's codecs).
/// </summary>
public static class MessagePackJson
{
    /// <summary>Writes parsed JSON: a number is an integer when its text has no fraction or exponent.</summary>
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

    /// <summary>
    /// Writes a JSON node. A number held as a .NET float (<c>JsonValue.Create(1.0)</c>, what encoders build) stays a
    /// float, as flytekit writes float fields; parsed JSON follows <see cref="Write(ref MessagePackWriter, JsonElement)"/>.
    /// </summary>
    public static void Write(ref MessagePackWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNil(); break;
            case JsonObject obj:
                w.WriteMapHeader(obj.Count);
                foreach (var (key, item) in obj)
                {
                    w.WriteString(key);
                    Write(ref w, item);
                }
                break;
            case JsonArray array:
                w.WriteArrayHeader(array.Count);
                foreach (var item in array) Write(ref w, item);
                break;
            case JsonValue value when value.TryGetValue<JsonElement>(out var element): Write(ref w, element); break;
            case JsonValue value when value.TryGetValue<double>(out var d): w.Write(d); break;
            case JsonValue value when value.TryGetValue<float>(out var f): w.Write((double)f); break;
            case JsonValue value when value.TryGetValue<decimal>(out var m): w.Write((double)m); break;
            default: Write(ref w, JsonSerializer.SerializeToElement(node)); break;
        }
    }

    /// <summary>The msgpack bytes of a JSON node.</summary>
    public static byte[] ToMsgPack(JsonNode? node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        Write(ref writer, node);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The JSON node of msgpack bytes (see <see cref="ToNode(ref MessagePackReader)"/>).</summary>
    /// <exception cref="MessagePackException">The bytes are not msgpack.</exception>
    /// <exception cref="TypeTransformerException">The value nests deeper than <see cref="TypeEngineOptions.DefaultMaxDepth"/>.</exception>
    public static JsonNode? FromMsgPack(ReadOnlySpan<byte> msgpack)
    {
        var reader = new MessagePackReader(msgpack);
        return ToNode(ref reader);
    }

    /// <summary>The JSON node of a protobuf Struct (its numbers are float64).</summary>
    public static JsonNode? FromStruct(Struct value) => FromMsgPack(LiteralMessagePack.StructToBytes(value));

    /// <summary>Python's <c>json.loads</c> makes an int only of text without fraction or exponent.</summary>
    public static bool IsIntegerText(string raw) => raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;

    /// <summary>Reads the next msgpack value as JSON: bytes become base64 text, map keys their text (see <see cref="KeyText"/>).</summary>
    /// <exception cref="MessagePackException">The bytes are not msgpack.</exception>
    /// <exception cref="TypeTransformerException">The value nests deeper than <see cref="TypeEngineOptions.DefaultMaxDepth"/>.</exception>
    public static JsonNode? ToNode(ref MessagePackReader r)
    {
        try
        {
            return ToNode(ref r, 0, TypeEngineOptions.DefaultMaxDepth);
        }
        catch (NestingTooDeepException e)
        {
            throw new TypeTransformerException("JSON", "msgpack nested too deep", e.Message, e);
        }
    }

    /// <summary>
    /// Reads the next msgpack value as a JSON node, <paramref name="depth"/> containers deep already, at most
    /// <paramref name="limit"/> deep. A repeated map key keeps its last value; NaN and ±Infinity stay doubles.
    /// </summary>
    internal static JsonNode? ToNode(ref MessagePackReader r, int depth, int limit)
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
                Nesting.Check(depth + 1, limit);
                var count = r.ReadArrayHeader();
                var array = new JsonArray();
                var i = 0;
                try
                {
                    for (; i < count; i++) array.Add(ToNode(ref r, depth + 1, limit));
                }
                catch (Exception e) when (Nesting.Prepend(e, Collections.Elements.Index(i)))
                {
                }
                return array;
            }
            case MessagePackType.Map:
            {
                Nesting.Check(depth + 1, limit);
                var count = r.ReadMapHeader();
                var obj = new JsonObject();
                var key = "";
                try
                {
                    for (var i = 0; i < count; i++)
                    {
                        key = KeyText(ref r);
                        obj[key] = ToNode(ref r, depth + 1, limit);
                    }
                }
                catch (Exception e) when (Nesting.Prepend(e, Collections.Elements.Key(key)))
                {
                }
                return obj;
            }
            default:
                r.Skip();
                return null;
        }
    }

    /// <summary>
    /// Reads the next msgpack value as a <see cref="JsonElement"/>, as <see cref="ToNode(ref MessagePackReader, int, int)"/>
    /// but written straight to JSON text. JSON has no NaN or ±Infinity: they become the strings <c>"NaN"</c>,
    /// <c>"Infinity"</c> and <c>"-Infinity"</c> (System.Text.Json's named floating-point literals).
    /// </summary>
    internal static JsonElement ToElement(ref MessagePackReader r, int depth, int limit)
    {
        var node = ToNode(ref r, depth, limit);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = limit + 1 }))
            WriteJson(node, json, depth, limit);
        using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = limit + 1 });
        return document.RootElement.Clone();
    }

    private static void WriteJson(JsonNode? node, Utf8JsonWriter json, int depth, int limit)
    {
        switch (node)
        {
            case null: json.WriteNullValue(); break;
            case JsonObject obj:
                Nesting.Check(depth + 1, limit);
                json.WriteStartObject();
                foreach (var (key, item) in obj)
                {
                    json.WritePropertyName(key);
                    WriteJson(item, json, depth + 1, limit);
                }
                json.WriteEndObject();
                break;
            case JsonArray array:
                Nesting.Check(depth + 1, limit);
                json.WriteStartArray();
                foreach (var item in array) WriteJson(item, json, depth + 1, limit);
                json.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<double>(out var d) && !double.IsFinite(d):
                json.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                break;
            default: node.WriteTo(json); break;
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
