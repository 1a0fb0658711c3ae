namespace Flyte.Types.Internal;

/// <summary>Short descriptions of what was found, for error messages.</summary>
internal static class Describe
{
    public static string Literal(Literal literal) => Literal(literal.Value);

    public static string Literal(LiteralValue value)
    {
        var text = value.ToString();
        if (text.Length > 60) text = text[..57] + "...";
        var kind = value switch
        {
            Primitive.Integer => "an integer literal",
            Primitive.FloatValue => "a float literal",
            Primitive.StringValue => "a string literal",
            Primitive.Boolean => "a boolean literal",
            Primitive.Datetime => "a datetime literal",
            Primitive.Duration => "a duration literal",
            Void => "a none literal",
            Binary => "a binary literal",
            Union => "a union literal",
            LiteralCollection => "a collection literal",
            LiteralMap => "a map literal",
            Blob => "a blob literal",
            Generic => "a generic (Struct) literal",
            _ => "a " + value.GetType().Name + " literal",
        };
        return $"{kind} {text}";
    }
}
