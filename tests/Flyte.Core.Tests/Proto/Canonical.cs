using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Flyte.Tests.Proto;

/// <summary>
/// The canonical JSON of tests/js/flyteidl-check.js, computed from the model (not from our proto classes), so that what the
/// JavaScript reader decodes from our bytes can be compared with what the model meant.
/// </summary>
internal static class Canonical
{
    public static JsonObject Of(Literal literal)
    {
        var o = new JsonObject();
        switch (literal.Value)
        {
            case Scalar s: o["scalar"] = Of(s); break;
            case LiteralCollection c: o["collection"] = new JsonArray(c.Literals.Select(l => (JsonNode)Of(l)).ToArray()); break;
            case LiteralMap m: o["map"] = Of(m); break;
            case LiteralOffloadedMetadata off:
                o["offloaded"] = new JsonObject { ["uri"] = off.Uri, ["size"] = off.SizeBytes.ToString(), ["type"] = Of(off.InferredType) };
                break;
            default: throw new ArgumentException(literal.ToString());
        }
        if (literal.Hash.Length > 0) o["hash"] = literal.Hash;
        if (literal.Metadata.Count > 0) o["metadata"] = new JsonObject(literal.Metadata.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        return o;
    }

    public static JsonObject Of(LiteralMap map) =>
        new(map.Literals.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Of(kv.Value))));

    private static string Hex(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16");

    private static JsonObject Time(long seconds, long nanos) => new() { ["seconds"] = seconds.ToString(), ["nanos"] = nanos };

    private static JsonObject Of(Scalar scalar) => scalar switch
    {
        Primitive.Integer i => new() { ["integer"] = i.Value.ToString() },
        Primitive.FloatValue f => new() { ["float"] = Hex(f.Value) },
        Primitive.StringValue s => new() { ["string"] = s.Value },
        Primitive.Boolean b => new() { ["boolean"] = b.Value },
        // DateTimeOffset's Unix conversion floors towards the past, which is what Timestamp wants.
        Primitive.Datetime d => new()
        {
            ["datetime"] = Time(new DateTimeOffset(d.Value).ToUnixTimeSeconds(), d.Value.Ticks % TimeSpan.TicksPerSecond * 100),
        },
        Primitive.Duration d => new() { ["duration"] = Time(d.Value.Ticks / TimeSpan.TicksPerSecond, d.Value.Ticks % TimeSpan.TicksPerSecond * 100) },
        Void => new() { ["none"] = true },
        Blob b => new()
        {
            ["blob"] = new JsonObject { ["uri"] = b.Uri, ["format"] = b.Metadata.Type.Format, ["dim"] = Dim(b.Metadata.Type.Dimensionality) },
        },
        Binary b => new() { ["binary"] = new JsonObject { ["value"] = Convert.ToBase64String(b.Value.Span), ["tag"] = b.Tag } },
        Schema s => new() { ["schema"] = new JsonObject { ["uri"] = s.Uri, ["type"] = Of(s.Type) } },
        Error e => new() { ["error"] = new JsonObject { ["node"] = e.FailedNodeId, ["message"] = e.Message } },
        Generic g => new() { ["generic"] = Of(g.Value) },
        StructuredDataset d => new()
        {
            ["dataset"] = new JsonObject { ["uri"] = d.Uri, ["type"] = d.Metadata is null ? null : Of(d.Metadata.StructuredDatasetType) },
        },
        Union u => new() { ["union"] = new JsonObject { ["value"] = Of(u.Value), ["type"] = Of(u.Type) } },
        _ => throw new ArgumentException(scalar.ToString()),
    };

    private static string Dim(BlobDimensionality d) => d == BlobDimensionality.Single ? "SINGLE" : "MULTIPART";

    public static JsonObject Of(LiteralType type)
    {
        var o = new JsonObject();
        switch (type.Type)
        {
            case TypeKind.Simple s: o["simple"] = s.Type.ToString().ToUpperInvariant(); break;
            case SchemaType s: o["schema"] = Of(s); break;
            case TypeKind.CollectionType c: o["collection"] = Of(c.ElementType); break;
            case TypeKind.MapValueType m: o["map"] = Of(m.ValueType); break;
            case BlobType b: o["blob"] = new JsonObject { ["format"] = b.Format, ["dim"] = Dim(b.Dimensionality) }; break;
            case EnumType e: o["enum"] = new JsonArray(e.Values.Select(v => (JsonNode?)v).ToArray()); break;
            case StructuredDatasetType d: o["dataset"] = Of(d); break;
            case UnionType u: o["union"] = new JsonArray(u.Variants.Select(v => (JsonNode)Of(v)).ToArray()); break;
            default: throw new ArgumentException(type.ToString());
        }
        if (type.Metadata is { } metadata) o["metadata"] = Of(metadata);
        if (type.Annotation is { } annotation) o["annotation"] = Of(annotation.Annotations);
        if (type.Structure is { } structure)
            o["structure"] = new JsonObject
            {
                ["tag"] = structure.Tag,
                ["dataclass"] = new JsonObject(structure.DataclassType.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Of(kv.Value)))),
            };
        return o;
    }

    private static JsonObject Of(SchemaType s) => new()
    {
        ["columns"] = new JsonArray(s.Columns.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name, ["type"] = c.Type.ToString().ToUpperInvariant(),
        }).ToArray()),
    };

    private static JsonObject Of(StructuredDatasetType d) => new()
    {
        ["columns"] = new JsonArray(d.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["type"] = Of(c.LiteralType) }).ToArray()),
        ["format"] = d.Format,
        ["externalType"] = d.ExternalSchemaType,
        ["externalBytes"] = Convert.ToBase64String(d.ExternalSchemaBytes.Span),
    };

    private static JsonObject Of(Struct s) => new(s.Fields.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Of(kv.Value))));

    private static JsonObject Of(StructValue v) => v switch
    {
        StructValue.Null => new() { ["null"] = true },
        StructValue.Number n => new() { ["number"] = Hex(n.Value) },
        StructValue.String s => new() { ["string"] = s.Value },
        StructValue.Bool b => new() { ["bool"] = b.Value },
        StructValue.Object o => new() { ["struct"] = Of(o.Value) },
        StructValue.List l => new() { ["list"] = new JsonArray(l.Values.Select(x => (JsonNode)Of(x)).ToArray()) },
        _ => throw new ArgumentException(v.ToString()),
    };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Prints JSON with object keys in ordinal order, so two equal trees print the same text.</summary>
    public static string Sorted(JsonNode? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions)) Write(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null: w.WriteNullValue(); break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            default: node.WriteTo(w); break;
        }
    }
}
