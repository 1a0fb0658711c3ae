using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Flyte.Types.Records;

/// <summary>
/// The JSON schema of a validated record (one with DataAnnotations or <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>,
/// the .NET twin of a Pydantic model) in the shape of pydantic v2's <c>model_json_schema()</c>, which flytekit's
/// <c>PydanticTransformer.get_literal_type</c> puts in the STRUCT type's metadata: nested records and enums in
/// <c>$defs</c> (referenced as <c>#/$defs/&lt;Name&gt;</c>); <c>type: object</c>, <c>title</c>, <c>properties</c> and
/// <c>required</c> (no <c>additionalProperties</c>); each field titled after its name (<c>str.title()</c>, <c>_</c> → space),
/// except fields that are references; <c>Optional[T]</c> is <c>anyOf [T, {"type": "null"}]</c> with <c>"default": null</c>;
/// formats <c>date-time</c>, <c>date</c>, <c>time</c>, <c>duration</c> (a string), <c>uuid</c>, <c>binary</c>; a decimal is
/// <c>anyOf [number, string with pydantic's pattern]</c>; a set is an array with <c>uniqueItems</c>; a dictionary is
/// <c>{type: object, additionalProperties}</c>.
/// </summary>
internal static class PydanticSchema
{
    /// <summary>pydantic's pattern for a <c>Decimal</c> given as text.</summary>
    private const string DecimalPattern = @"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$";

    /// <summary>The schema of <paramref name="type"/> as a Struct, or null when System.Text.Json cannot describe it.</summary>
    public static Struct? Of(Type type, TypeEngine engine)
    {
        var defs = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        try
        {
            var node = JsonSchemaExporter.GetJsonSchemaAsNode(RecordSchema.Options(engine), type, new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (context, schema) => Adjust(context, schema, engine, defs),
            });
            if (node is not JsonObject root) return null;
            if (defs.Count > 0)
                root["$defs"] = new JsonObject(defs.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value)));
            return RecordSchema.ToStruct(root);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static JsonNode Adjust(JsonSchemaExporterContext context, JsonNode schema, TypeEngine engine, Dictionary<string, JsonNode> defs)
    {
        var type = context.TypeInfo.Type;
        var (underlying, nullable) = RecordSchema.Optionality(context, schema, engine);
        JsonNode result;
        if (underlying.IsEnum && engine.Get(underlying).LiteralType.Type is EnumType enumType)
        {
            defs[underlying.Name] = new JsonObject
            {
                ["enum"] = new JsonArray(enumType.Values.Select(v => (JsonNode)v!).ToArray()), ["title"] = underlying.Name, ["type"] = "string",
            };
            result = Reference(underlying.Name);
        }
        else if (Scalar(underlying) is { } scalar) result = scalar;
        else if (schema is JsonObject obj && context.TypeInfo.Kind == JsonTypeInfoKind.Object && RecordShape.TryCreate(type, engine) is { } shape)
        {
            var model = Model(obj, shape, type);
            if (context.Path.IsEmpty) return model;
            defs[type.Name] = model;
            result = Reference(type.Name);
        }
        else if (schema is JsonObject other)
        {
            var copy = RecordSchema.WithoutNull(other);
            if (context.TypeInfo.Kind == JsonTypeInfoKind.Enumerable && IsSet(underlying)) copy["uniqueItems"] = true;
            result = copy;
        }
        else result = schema;
        return nullable ? RecordSchema.OrNull(result) : result;
    }

    private static JsonObject Reference(string name) => new() { ["$ref"] = "#/$defs/" + name };

    private static JsonObject? Scalar(Type type)
    {
        static JsonObject Text(string format) => new() { ["format"] = format, ["type"] = "string" };
        if (type == typeof(TimeSpan)) return Text("duration");
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return Text("date-time");
        if (type == typeof(DateOnly)) return Text("date");
        if (type == typeof(TimeOnly)) return Text("time");
        if (type == typeof(Guid)) return Text("uuid");
        if (type == typeof(byte[])) return Text("binary");
        if (type == typeof(decimal))
            return new JsonObject
            {
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "number" }, new JsonObject { ["pattern"] = DecimalPattern, ["type"] = "string" }),
            };
        if (type == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (type == typeof(string) || type == typeof(char)) return new JsonObject { ["type"] = "string" };
        if (type == typeof(float) || type == typeof(double)) return new JsonObject { ["type"] = "number" };
        if (type.IsPrimitive && type != typeof(IntPtr) && type != typeof(UIntPtr)) return new JsonObject { ["type"] = "integer" };
        return null;
    }

    private static bool IsSet(Type type) =>
        type.GetInterfaces().Append(type).Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>)));

    // pydantic's model schema: properties (titled unless a reference), required, title, type.
    private static JsonObject Model(JsonObject obj, RecordShape shape, Type type)
    {
        var result = new JsonObject();
        if (obj["properties"] is JsonObject properties)
        {
            obj.Remove("properties");
            foreach (var field in shape.Fields)
            {
                if (properties[field.Name] is not JsonObject property) continue;
                if (field.HasDefault && RecordSchema.DefaultOf(field) is { } value) property["default"] = value.Node;
                if (!IsReference(property)) property["title"] = Title(field.Name);
            }
            result["properties"] = properties;
        }
        var required = shape.Fields.Where(f => !f.HasDefault).Select(f => (JsonNode)f.Name!).ToArray();
        if (required.Length > 0) result["required"] = new JsonArray(required);
        result["title"] = type.Name;
        result["type"] = "object";
        return result;
    }

    // pydantic's field_title_should_be_set: no title on a reference (a model or an enum), nullable or not.
    private static bool IsReference(JsonObject property) =>
        property.ContainsKey("$ref") ||
        (property["anyOf"] is JsonArray { Count: 2 } branches && branches[0] is JsonObject first && first.ContainsKey("$ref"));

    /// <summary>pydantic's <c>get_title_from_name</c>: Python's <c>str.title()</c>, then <c>_</c> → space, trimmed.</summary>
    internal static string Title(string name)
    {
        var chars = name.ToCharArray();
        var previousCased = false;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var cased = char.IsUpper(c) || char.IsLower(c);
            if (cased) chars[i] = previousCased ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
            previousCased = cased;
        }
        return new string(chars).Replace('_', ' ').Trim();
    }
}
