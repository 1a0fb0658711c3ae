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

    /// <summary>flytekit's <c>PydanticTransformer</c> name: the union tag of a validated record, a Pydantic model's twin.</summary>
    public const string PydanticTransformerName = "Pydantic Transformer";

    /// <summary>The transformer name (and union tag) of a record of this shape.</summary>
    public static string NameOf(RecordShape shape) => shape.HasValidation ? PydanticTransformerName : TransformerName;

    /// <summary><c>{"cache-key-metadata": {"serialization-format": "msgpack"}}</c>, as flytekit annotates msgpack types.</summary>
    public static TypeAnnotation MessagePackAnnotation { get; } =
        new(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", Binary.MessagePackTag)))));

    public static LiteralType LiteralTypeOf(RecordShape shape, TypeEngine engine) =>
        LiteralType.Of(SimpleType.Struct) with
        {
            Metadata = shape.HasValidation ? PydanticSchema.Of(shape.Type, engine) : JsonSchemaOf(shape.Type, engine),
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

    /// <summary>
    /// Turns System.Text.Json's schema of one node into mashumaro's (<c>jsonschema/schema.py</c>, <c>models.py</c>):
    /// <c>Optional[T]</c> is <c>anyOf [T, {"type": "null"}]</c>; an enum is <c>{"enum": values}</c>; a duration is
    /// <c>{"type": "number", "format": "time-delta"}</c>; a decimal <c>{"type": "string", "format": "decimal"}</c>; bytes
    /// <c>{"type": "string", "format": "base64"}</c>; a dict with non-string keys adds <c>propertyNames</c>; a record is
    /// <c>type, title, properties, additionalProperties: false, required</c> with <c>default</c> on defaulted fields.
    /// </summary>
    private static JsonNode Adjust(JsonSchemaExporterContext context, JsonNode schema, TypeEngine engine)
    {
        var type = context.TypeInfo.Type;
        var (underlying, nullable) = Optionality(context, schema, engine);
        JsonNode result;
        if (ScalarSchema(underlying, engine) is { } scalar) result = scalar;
        else if (schema is JsonObject obj && context.TypeInfo.Kind == JsonTypeInfoKind.Object && RecordShape.TryCreate(type, engine) is { } shape)
            result = RecordObject(obj, shape, type);
        else if (schema is JsonObject map && context.TypeInfo.Kind == JsonTypeInfoKind.Dictionary)
        {
            result = WithoutNull(map);
            var key = context.TypeInfo.KeyType;
            // mashumaro's on_collection writes propertyNames for every key type, str ones too.
            if (key is not null && !map.ContainsKey("$ref") && ScalarSchema(Nullable.GetUnderlyingType(key) ?? key, engine) is { } keySchema)
                ((JsonObject)result)["propertyNames"] = keySchema;
        }
        else result = schema is JsonObject plain ? WithoutNull(plain) : schema;
        return nullable ? OrNull(result) : result;
    }

    /// <summary>
    /// The type a schema node describes once an option is taken off (<c>Nullable&lt;T&gt;</c>, or a convention's option
    /// type such as F#'s <c>'T option</c>, whose STJ schema loses T's own), and whether the node may be null: a record
    /// field exactly when its RecordShape field is optional (so an F# list is not, whatever STJ guesses); elsewhere (list
    /// items, dict values) as STJ says.
    /// </summary>
    internal static (Type Underlying, bool Nullable) Optionality(JsonSchemaExporterContext context, JsonNode schema, TypeEngine engine)
    {
        var type = context.TypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type)
            ?? (engine.IsOptional(type) && type.IsGenericType && type.GetGenericArguments() is [var some] ? some : type);
        var nullable = underlying != type || (FieldOf(context, engine) is { } field
            ? field.IsOptional
            : schema is JsonObject { } o && o["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"));
        return (underlying, nullable);
    }

    /// <summary><c>{"anyOf": [schema, {"type": "null"}]}</c>: an optional value, as mashumaro and pydantic both write it.</summary>
    internal static JsonObject OrNull(JsonNode schema) => new() { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };

    private static RecordField? FieldOf(JsonSchemaExporterContext context, TypeEngine engine) =>
        context.PropertyInfo is { AttributeProvider: System.Reflection.PropertyInfo property } info &&
        RecordShape.TryCreate(info.DeclaringType, engine) is { } shape
            ? shape.Fields.FirstOrDefault(f => f.Property.Name == property.Name)
            : null;

    /// <summary>mashumaro's schema of a scalar .NET type, or null for the types whose STJ schema already is it.</summary>
    private static JsonObject? ScalarSchema(Type type, TypeEngine engine)
    {
        if (OffloadedSchemas.Of(type) is { } offloaded) return offloaded;
        if (type.IsEnum && engine.Get(type).LiteralType.Type is EnumType { } enumType)
            return new JsonObject { ["enum"] = new JsonArray(enumType.Values.Select(v => (JsonNode)v!).ToArray()) };
        if (type == typeof(TimeSpan)) return new JsonObject { ["type"] = "number", ["format"] = "time-delta" };
        if (type == typeof(decimal)) return new JsonObject { ["type"] = "string", ["format"] = "decimal" };
        if (type == typeof(byte[])) return new JsonObject { ["type"] = "string", ["format"] = "base64" };
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        if (type == typeof(DateOnly)) return new JsonObject { ["type"] = "string", ["format"] = "date" };
        if (type == typeof(TimeOnly)) return new JsonObject { ["type"] = "string", ["format"] = "time" };
        if (type == typeof(Guid)) return new JsonObject { ["type"] = "string", ["format"] = "uuid" };
        if (type == typeof(bool)) return new JsonObject { ["type"] = "boolean" };
        if (type == typeof(string)) return new JsonObject { ["type"] = "string" };
        if (type == typeof(float) || type == typeof(double)) return new JsonObject { ["type"] = "number" };
        if (type.IsPrimitive && type != typeof(char) && type != typeof(IntPtr) && type != typeof(UIntPtr)) return new JsonObject { ["type"] = "integer" };
        return null;
    }

    /// <summary>The schema with <c>"null"</c> taken out of its <c>type</c> (the caller wraps it in <c>anyOf</c>), and STJ's number patterns dropped.</summary>
    internal static JsonObject WithoutNull(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        if (copy["type"] is JsonArray types)
        {
            var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
            copy["type"] = rest.Length == 1 ? rest[0] : new JsonArray(rest.Select(t => (JsonNode)t!).ToArray());
        }
        return copy;
    }

    private static JsonObject RecordObject(JsonObject obj, RecordShape shape, Type type)
    {
        // mashumaro's on_dataclass: type, title, properties, additionalProperties: false, required (fields without defaults).
        var result = new JsonObject { ["type"] = "object", ["title"] = type.Name };
        if (obj["properties"] is JsonObject properties)
        {
            obj.Remove("properties");
            foreach (var field in shape.Fields)
                if (field.HasDefault && properties[field.Name] is JsonObject property && DefaultOf(field) is { } value)
                    property["default"] = value.Node;
            result["properties"] = properties;
        }
        result["additionalProperties"] = false;
        var required = shape.Fields.Where(f => !f.HasDefault).Select(f => (JsonNode)f.Name!).ToArray();
        if (required.Length > 0) result["required"] = new JsonArray(required);
        return result;
    }

    /// <summary>
    /// A default as mashumaro writes it (its JSON form), or null when it has none to write. A None default is
    /// <c>"default": null</c> (mashumaro's <c>JSONSchema.__pre_serialize__</c> keeps it through <c>omit_none</c>): an optional
    /// field's absent value, or a constructor parameter's explicit <c>= null</c>.
    /// </summary>
    internal static DefaultValue? DefaultOf(RecordField field)
    {
        var value = field.DefaultValue;
        var none = value is null || (field.IsOptional && field.Property.PropertyType.IsValueType &&
                                     value.Equals(Activator.CreateInstance(field.Property.PropertyType)));
        if (none) return field.IsOptional || field.ParameterIndex >= 0 ? new DefaultValue(null) : null;
        return value is string or bool or int or long or short or byte or double or float ? new DefaultValue(JsonSerializer.SerializeToNode(value)) : null;
    }

    internal sealed record DefaultValue(JsonNode? Node);

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
