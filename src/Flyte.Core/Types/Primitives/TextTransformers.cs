namespace Flyte.Types.Primitives;

/// <summary><c>string</c> ⇄ Flyte STRING, flytekit's <c>str</c>. Null is an error: declare <c>string?</c> to make it optional.</summary>
internal sealed class StringTransformer() : ScalarTransformer<string>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(string value) =>
        value is null ? throw BadValue("null", "A string cannot be null; declare it string? to make it optional.") : new Primitive.StringValue(value);

    protected override bool TryDecode(Primitive primitive, out string value)
    {
        value = (primitive as Primitive.StringValue)?.Value!;
        return value is not null;
    }
}

/// <summary><c>Guid</c> ⇄ Flyte STRING (<c>"d"</c> format, lower case; mashumaro writes a Python UUID the same way), tagged <c>str</c>.</summary>
internal sealed class GuidTransformer() : ScalarTransformer<Guid>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(Guid value) => new Primitive.StringValue(value.ToString("D"));

    protected override bool TryDecode(Primitive primitive, out Guid value)
    {
        value = default;
        if (primitive is not Primitive.StringValue s) return false;
        return Guid.TryParse(s.Value, out value) ? true : throw BadValue(s.ToString(), "It is not a GUID.");
    }
}

/// <summary><c>Uri</c> ⇄ Flyte STRING (the original text), tagged <c>str</c>. Null is an error, as for strings.</summary>
internal sealed class UriTransformer() : ScalarTransformer<Uri>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(Uri value) =>
        value is null ? throw BadValue("null", "A Uri cannot be null; declare it Uri? to make it optional.") : new Primitive.StringValue(value.OriginalString);

    protected override bool TryDecode(Primitive primitive, out Uri value)
    {
        value = null!;
        if (primitive is not Primitive.StringValue s) return false;
        return Uri.TryCreate(s.Value, UriKind.RelativeOrAbsolute, out value!) ? true : throw BadValue(s.ToString(), "It is not a URI.");
    }
}

/// <summary><c>bool</c> ⇄ Flyte BOOLEAN, flytekit's <c>bool</c>. An integer is not a boolean (flytekit checks exactly too).</summary>
internal sealed class BooleanTransformer() : ScalarTransformer<bool>("bool", LiteralType.Of(SimpleType.Boolean))
{
    public override Literal Encode(bool value) => new Primitive.Boolean(value);

    protected override bool TryDecode(Primitive primitive, out bool value)
    {
        value = primitive is Primitive.Boolean { Value: true };
        return primitive is Primitive.Boolean;
    }
}
