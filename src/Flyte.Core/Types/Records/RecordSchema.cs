using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Flyte.Types.Records;

/// <summary>
/// The <see cref="LiteralType"/> of a record: <c>STRUCT</c>, its JSON schema as metadata (from System.Text.Json's
/// <see cref="JsonSchemaExporter"/> with our field names, adjusted toward mashumaro's shape), the msgpack cache-key
/// annotation and <c>structure{tag: "", dataclass_type}</c>.
/// </summary>
internal static class RecordSchema
{
    public const string TransformerName = "Object-Dataclass-Transformer";

    /// <summary><c>{"cache-key-metadata": {"serialization-format": "msgpack"}}</c>, as flytekit annotates msgpack types.</summary>
    public static TypeAnnotation MessagePackAnnotation { get; } =
        new(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", Binary.MessagePackTag)))));

    public static LiteralType LiteralTypeOf(RecordShape shape, TypeEngine engine) =>
        LiteralType.Of(SimpleType.Struct) with
        {
            Metadata = JsonSchemaOf(shape.Type, engine),
            Annotation = MessagePackAnnotation,
            Structure = new TypeStructure("", DataclassType(shape, engine)),
        };

    /// <summary>Each field's literal type; fields the engine cannot type are left out, as flytekit does.</summary>
    private static ValueMap<LiteralType> DataclassType(RecordShape shape, TypeEngine engine)
    {
        var building = RecordTransformerFactory.Building.Value!;
        building.Add(shape.Type);
        try
        {
            var entries = new List<KeyValuePair<string, LiteralType>>();
            foreach (var field in shape.Fields)
            {
                if (Mentions(field.Type, building)) continue;   // a recursive record: Python has no finite form either
                try
                {
                    // A nullable reference member is optional although its run-time type is the plain one.
                    var transformer = field.IsOptional && !field.Type.IsValueType ? engine.GetOptional(field.Type) : engine.Get(field.Type);
                    entries.Add(new(field.Name, transformer.LiteralType));
                }
                catch (Exception e) when (e is TypeTransformerException or InvalidOperationException)
                {
                    // InvalidOperationException: the type reaches back to a record whose type is being computed
                }
            }
            return new ValueMap<LiteralType>(entries);
        }
        finally
        {
            building.Remove(shape.Type);
        }
    }

    private static bool Mentions(Type type, HashSet<Type> types) =>
        types.Contains(type) || (type.HasElementType && Mentions(type.GetElementType()!, types)) ||
        (type.IsGenericType && type.GetGenericArguments().Any(a => Mentions(a, types)));

    /// <summary>The JSON schema of a record as a Struct, or null when System.Text.Json cannot describe the type.</summary>
    public static Struct? JsonSchemaOf(Type type, TypeEngine engine)
    {
        try
        {
            var node = JsonSchemaExporter.GetJsonSchemaAsNode(Options(engine), type, new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (context, schema) => Adjust(context, schema, engine),
            });
            return node is JsonObject obj ? ToStruct(obj) : null;
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return null;   // no metadata is always castable (reference §8)
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TypeEngine, JsonSerializerOptions> OptionsCache = new();

    /// <summary>Serializer options whose property names and order are the record field names and order.</summary>
    internal static JsonSerializerOptions Options(TypeEngine engine) => OptionsCache.GetValue(engine, e =>
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(info => UseFieldNames(info, e));
        var options = new JsonSerializerOptions { TypeInfoResolver = resolver };
        options.MakeReadOnly();
        return options;
    });

    private static void UseFieldNames(JsonTypeInfo info, TypeEngine engine)
    {
        if (info.Kind != JsonTypeInfoKind.Object || RecordShape.TryCreate(info.Type, engine) is not { } shape) return;
        var properties = info.Properties.ToList();
        info.Properties.Clear();
        foreach (var field in shape.Fields)
        {
            var property = properties.FirstOrDefault(p => (p.AttributeProvider as System.Reflection.PropertyInfo)?.Name == field.Property.Name);
            if (property is null) continue;
            property.Name = field.Name;
            property.IsRequired = false;
            info.Properties.Add(property);
        }
    }

    private static JsonNode Adjust(JsonSchemaExporterContext context, JsonNode schema, TypeEngine engine)
    {
        var type = context.TypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum && engine.Get(underlying).LiteralType.Type is EnumType { } enumType)
        {
            var values = enumType.Values;
            var node = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(values.Select(v => (JsonNode)v!).ToArray()) };
            return underlying == type ? node : new JsonObject { ["anyOf"] = new JsonArray(node, new JsonObject { ["type"] = "null" }) };
        }
        if (underlying == typeof(TimeSpan))
            return underlying == type ? new JsonObject { ["type"] = "number" } : new JsonObject { ["type"] = new JsonArray("number", "null") };
        if (schema is JsonObject obj && context.TypeInfo.Kind == JsonTypeInfoKind.Object &&
            RecordShape.TryCreate(type, engine) is { } shape)
        {
            // mashumaro's shape: type, title, properties, additionalProperties: false, required (fields without defaults).
            var result = new JsonObject { ["type"] = "object", ["title"] = type.Name };
            if (obj["properties"] is JsonObject properties)
            {
                obj.Remove("properties");
                result["properties"] = properties;
            }
            result["additionalProperties"] = false;
            var required = shape.Fields.Where(f => !f.HasDefault).Select(f => (JsonNode)f.Name!).ToArray();
            if (required.Length > 0) result["required"] = new JsonArray(required);
            return result;
        }
        return schema;
    }


    internal static Struct ToStruct(JsonObject obj) =>
        new(new ValueMap<StructValue>(obj.Select(p => KeyValuePair.Create(p.Key, ToValue(p.Value)))));

    internal static StructValue ToValue(JsonNode? node) => node switch
    {
        null => StructValue.Null.Instance,
        JsonObject o => new StructValue.Object(ToStruct(o)),
        JsonArray a => new StructValue.List(a.Select(ToValue).ToValueList()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => new StructValue.String(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => new StructValue.Bool(v.GetValue<bool>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => new StructValue.Number(v.Deserialize<double>()),
        _ => StructValue.Null.Instance,
    };
}
