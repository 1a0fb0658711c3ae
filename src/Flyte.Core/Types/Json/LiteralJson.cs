using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Flyte.MessagePack;
using Flyte.Types.Nested;
using Flyte.Types.Records;

namespace Flyte.Types.Json;

/// <summary>
/// JSON ⇄ literal for a given <see cref="LiteralType"/>: what <c>flyte run … --batch '{…}'</c> and the console need.
/// A record type (STRUCT with a JSON schema) becomes its msgpack <see cref="Binary"/>, driven by the schema: a JSON
/// <c>1</c> for a <c>number</c> field becomes float64 1.0, an <c>integer</c> field rejects 1.5. Primitives come from JSON
/// scalars, collections from arrays, maps from objects, unions by trying each variant, enums by value. Every mismatching
/// field is reported with its path, not only the first.
/// </summary>
public static class LiteralJson
{
    /// <summary>The literal of type <paramref name="type"/> that <paramref name="json"/> describes.</summary>
    /// <exception cref="TypeTransformerException">The JSON does not fit; <see cref="TypeTransformerException.Fields"/> lists every mismatch.</exception>
    public static Literal FromJson(JsonElement json, LiteralType type)
    {
        var errors = new List<FieldMismatch>();
        var literal = Convert(json, type, "", errors);
        if (errors.Count > 0)
            throw TypeTransformerException.StructureMismatch(type.ToString(), $"JSON with {errors.Count} mismatching field(s)", errors);
        return literal!;
    }

    /// <summary>Parses <paramref name="json"/> text and converts it (see <see cref="FromJson(JsonElement, LiteralType)"/>).</summary>
    /// <exception cref="TypeTransformerException">The text is not JSON (or nests deeper than <see cref="TypeEngineOptions.DefaultMaxDepth"/>), or does not fit.</exception>
    public static Literal FromJson(string json, LiteralType type)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = TypeEngineOptions.DefaultMaxDepth });
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw new TypeTransformerException(type, "text that is not JSON" + at, e.Message, e);
        }
        using (document) return FromJson(document.RootElement, type);
    }

    /// <summary>The JSON form of <paramref name="literal"/> read as <paramref name="type"/> (null for JSON null).</summary>
    public static JsonNode? ToJson(Literal literal, LiteralType type)
    {
        switch (literal.Value)
        {
            case Union union: return ToJson(union.Value, union.Type);
            case Void: return null;
            case Primitive.Integer i: return JsonValue.Create(i.Value);
            case Primitive.FloatValue f: return double.IsFinite(f.Value) ? JsonNode.Parse(PythonFormats.FloatRepr(f.Value)) : JsonValue.Create(f.Value);
            case Primitive.StringValue s: return JsonValue.Create(s.Value);
            case Primitive.Boolean b: return JsonValue.Create(b.Value);
            case Primitive.Datetime d: return JsonValue.Create(PythonFormats.IsoFormat(d.Value));
            case Primitive.Duration d: return JsonValue.Create(XmlConvert.ToString(d.Value));
            case Binary { Tag: Binary.MessagePackTag } b:
            {
                var reader = new MessagePackReader(b.Value.Span);
                return MessagePackJson.ToNode(ref reader);
            }
            case Binary b: return JsonValue.Create(System.Convert.ToBase64String(b.Value.Span));
            case Generic g: return g.Value.ToJson();
            case Blob blob: return JsonValue.Create(blob.Uri);
            case StructuredDataset sd:
                return new JsonObject { ["uri"] = sd.Uri, ["file_format"] = sd.Metadata?.StructuredDatasetType.Format ?? "" };
            case Error e: return new JsonObject { ["failed_node_id"] = e.FailedNodeId, ["message"] = e.Message };
            case LiteralCollection c:
                var element = type.Type is TypeKind.CollectionType ct ? ct.ElementType : type;
                return new JsonArray(c.Literals.Select(l => ToJson(l, element)).ToArray());
            case LiteralMap m:
                var value = type.Type is TypeKind.MapValueType mt ? mt.ValueType : type;
                var obj = new JsonObject();
                foreach (var (key, item) in m.Literals) obj[key] = ToJson(item, value);
                return obj;
            default:
                throw new TypeTransformerException(type, literal.ToString(), "This literal has no JSON form.");
        }
    }

    // --- JSON → literal --------------------------------------------------------------------------------------------

    internal static string Join(string path, string segment) =>
        path.Length == 0 ? segment : segment.StartsWith('[') ? path + segment : path + "." + segment;

    internal static string Kind(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => $"the number {json.GetRawText()}",
        JsonValueKind.String => $"the string {json.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {json.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static Literal? Fail(List<FieldMismatch> errors, string path, string expected, JsonElement json)
    {
        errors.Add(new FieldMismatch(path, FieldMismatchKind.Mistyped, $"expected {expected}, found {Kind(json)}"));
        return null;
    }

    private static Literal? Convert(JsonElement json, LiteralType type, string path, List<FieldMismatch> errors)
    {
        switch (type.Type)
        {
            case UnionType union:
                foreach (var variant in union.Variants)
                {
                    var attempt = new List<FieldMismatch>();
                    var value = Convert(json, variant, path, attempt);
                    if (attempt.Count == 0 && value is not null) return new Union(value, variant);
                }
                return Fail(errors, path, $"one of {type}", json);
            case TypeKind.Simple { Type: SimpleType.None }:
                return json.ValueKind == JsonValueKind.Null ? Void.Instance : Fail(errors, path, "null", json);
            case TypeKind.Simple { Type: SimpleType.Integer }:
                return json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out var l) ? new Primitive.Integer(l)
                    : json.ValueKind == JsonValueKind.Number && json.TryGetDouble(out var d) && Math.Floor(d) == d && Math.Abs(d) < 9e18 ? new Primitive.Integer((long)d)
                    : Fail(errors, path, "an integer", json);
            case TypeKind.Simple { Type: SimpleType.Float }:
                return json.ValueKind == JsonValueKind.Number ? new Primitive.FloatValue(json.GetDouble()) : Fail(errors, path, "a number", json);
            case TypeKind.Simple { Type: SimpleType.String }:
                return json.ValueKind == JsonValueKind.String ? new Primitive.StringValue(json.GetString()!) : Fail(errors, path, "a string", json);
            case TypeKind.Simple { Type: SimpleType.Boolean }:
                return json.ValueKind is JsonValueKind.True or JsonValueKind.False ? new Primitive.Boolean(json.GetBoolean()) : Fail(errors, path, "a boolean", json);
            case TypeKind.Simple { Type: SimpleType.Datetime }:
                if (json.ValueKind == JsonValueKind.String && PythonFormats.ParseDateTime(json.GetString()!, out var aware) is { } dt)
                    return new Primitive.Datetime(aware ? dt.UtcDateTime : DateTime.SpecifyKind(dt.DateTime, DateTimeKind.Utc));
                return Fail(errors, path, "an ISO 8601 datetime", json);
            case TypeKind.Simple { Type: SimpleType.Duration }:
                if (json.ValueKind == JsonValueKind.Number) return new Primitive.Duration(PythonFormats.FromSeconds(json.GetDouble()));
                if (json.ValueKind == JsonValueKind.String)
                {
                    var text = json.GetString()!;
                    try { return new Primitive.Duration(PythonFormats.ParseDuration(text)); }
                    catch (FormatException) { }
                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var ts)) return new Primitive.Duration(ts);
                }
                return Fail(errors, path, "a duration (seconds or ISO 8601)", json);
            case TypeKind.Simple { Type: SimpleType.Struct }:
                return StructFromJson(json, type, path, errors);
            case TypeKind.Simple { Type: SimpleType.Binary }:
                return json.ValueKind == JsonValueKind.String && json.TryGetBytesFromBase64(out var bytes)
                    ? new Binary(Bytes.Wrap(bytes), "") : Fail(errors, path, "base64 bytes", json);
            case EnumType e:
                return json.ValueKind == JsonValueKind.String && e.Values.Contains(json.GetString()!)
                    ? new Primitive.StringValue(json.GetString()!) : Fail(errors, path, $"one of {string.Join(", ", e.Values)}", json);
            case TypeKind.CollectionType c:
            {
                if (json.ValueKind != JsonValueKind.Array) return Fail(errors, path, "an array", json);
                var items = new List<Literal>();
                var i = 0;
                foreach (var item in json.EnumerateArray())
                    items.Add(Convert(item, c.ElementType, Join(path, $"[{i++}]"), errors) ?? Void.Instance);
                return new LiteralCollection(items.ToValueList());
            }
            case TypeKind.MapValueType m:
            {
                if (json.ValueKind != JsonValueKind.Object) return Fail(errors, path, "an object", json);
                var entries = new List<KeyValuePair<string, Literal>>();
                foreach (var p in json.EnumerateObject())
                    entries.Add(new(p.Name, Convert(p.Value, m.ValueType, Join(path, $"[{JsonSerializer.Serialize(p.Name)}]"), errors) ?? Void.Instance));
                return new LiteralMap(new ValueMap<Literal>(entries));
            }
            case BlobType blob:
            {
                var uri = json.ValueKind == JsonValueKind.String ? json.GetString()
                    : json.ValueKind == JsonValueKind.Object ? StringProperty(json, "uri") ?? StringProperty(json, "path") : null;
                return uri is null ? Fail(errors, path, "a file or directory uri", json) : new Blob(new BlobMetadata(blob), uri);
            }
            case StructuredDatasetType sd:
            {
                var uri = json.ValueKind == JsonValueKind.String ? json.GetString() : json.ValueKind == JsonValueKind.Object ? StringProperty(json, "uri") : null;
                if (uri is null) return Fail(errors, path, "a structured dataset uri", json);
                var format = json.ValueKind == JsonValueKind.Object ? StringProperty(json, "file_format") ?? sd.Format : sd.Format;
                return new StructuredDataset(uri, new StructuredDatasetMetadata(sd with { Format = format }));
            }
            default:
                errors.Add(new FieldMismatch(path, FieldMismatchKind.Mistyped, $"{type} has no JSON form"));
                return null;
        }
    }

    private static string? StringProperty(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Literal? StructFromJson(JsonElement json, LiteralType type, string path, List<FieldMismatch> errors)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        if (type.Metadata is { } metadata && metadata.Fields.Count > 0)
        {
            var root = metadata.ToJson();
            var before = errors.Count;
            new SchemaWriter(root, errors).Write(ref writer, json, root, path);
            if (errors.Count > before) return null;
        }
        else MessagePackJson.Write(ref writer, json);
        return new Binary(Bytes.CopyFrom(buffer.WrittenSpan), Binary.MessagePackTag);
    }
}
