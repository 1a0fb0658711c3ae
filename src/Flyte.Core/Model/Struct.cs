using System.Globalization;
using System.Text.Json.Nodes;

namespace Flyte;

/// <summary>A JSON-like object (<c>google.protobuf.Struct</c>): used for type metadata, annotations and generic literals.</summary>
/// <param name="Fields">The fields, by name.</param>
public sealed record Struct(ValueMap<StructValue> Fields)
{
    /// <summary>The empty object.</summary>
    public static Struct Empty { get; } = new(ValueMap<StructValue>.Empty);

    /// <summary>An object of the given fields.</summary>
    public static Struct Of(params (string Key, StructValue Value)[] fields) => new(ValueMap.Of(fields));

    /// <summary>The object as JSON (e.g. to walk a JSON schema stored as type metadata).</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject();
        foreach (var (key, item) in Fields) obj[key] = item.ToJson();
        return obj;
    }

    /// <inheritdoc />
    public override string ToString() => Fields.ToString();
}

/// <summary>One JSON-like value (<c>google.protobuf.Value</c>).</summary>
public abstract record StructValue
{
    private StructValue() { }

    /// <summary>The value as JSON; <c>null</c> for <see cref="Null"/>.</summary>
    public JsonNode? ToJson() => this switch
    {
        Number n => JsonValue.Create(n.Value),
        String s => JsonValue.Create(s.Value),
        Bool b => JsonValue.Create(b.Value),
        Object o => o.Value.ToJson(),
        List l => new JsonArray(l.Values.Select(v => v.ToJson()).ToArray()),
        _ => null,
    };

    /// <summary>JSON <c>null</c>.</summary>
    public sealed record Null : StructValue
    {
        /// <summary>The only null.</summary>
        public static Null Instance { get; } = new();

        /// <inheritdoc />
        public override string ToString() => "null";
    }

    /// <summary>A JSON number (always a double, as in protobuf).</summary>
    public sealed record Number(double Value) : StructValue
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A JSON string.</summary>
    public sealed record String(string Value) : StructValue
    {
        /// <inheritdoc />
        public override string ToString() => "\"" + Value + "\"";
    }

    /// <summary>A JSON boolean.</summary>
    public sealed record Bool(bool Value) : StructValue
    {
        /// <inheritdoc />
        public override string ToString() => Value ? "true" : "false";
    }

    /// <summary>A JSON object.</summary>
    public sealed record Object(Struct Value) : StructValue
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString();
    }

    /// <summary>A JSON array.</summary>
    public sealed record List(ValueList<StructValue> Values) : StructValue
    {
        /// <inheritdoc />
        public override string ToString() => Values.ToString();
    }

    /// <summary>A string value.</summary>
    public static implicit operator StructValue(string value) => new String(value);

    /// <summary>A number value.</summary>
    public static implicit operator StructValue(double value) => new Number(value);

    /// <summary>A boolean value.</summary>
    public static implicit operator StructValue(bool value) => new Bool(value);

    /// <summary>An object value.</summary>
    public static implicit operator StructValue(Struct value) => new Object(value);
}
