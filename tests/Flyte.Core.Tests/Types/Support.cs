using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Types;

/// <summary>Shortcuts for the type tests: run conversions synchronously on the default engine.</summary>
internal static class Support
{
    public static TypeEngine Engine => TypeEngine.Default;

    public static Literal ToLiteral<T>(T value, TypeEngine? engine = null) =>
        (engine ?? Engine).ToLiteralAsync(value).AsTask().GetAwaiter().GetResult();

    public static T ToValue<T>(Literal literal, TypeEngine? engine = null) =>
        (engine ?? Engine).ToValueAsync<T>(literal).AsTask().GetAwaiter().GetResult();

    public static Literal Int(long v) => new(new Primitive.Integer(v));
    public static Literal Float(double v) => new(new Primitive.FloatValue(v));
    public static Literal Str(string v) => new(new Primitive.StringValue(v));
    public static Literal Bool(bool v) => new(new Primitive.Boolean(v));
    public static Literal MsgPack(params byte[] bytes) => new(new Binary(Bytes.CopyFrom(bytes), Binary.MessagePackTag));
    public static Literal List(params Literal[] items) => new(new LiteralCollection(ValueList.Of(items)));

    public static LiteralType Simple(SimpleType t) => LiteralType.Of(t);

    /// <summary>Asserts that decoding fails with a <see cref="TypeTransformerException"/> and returns it.</summary>
    public static TypeTransformerException DecodeFails<T>(Literal literal, TypeEngine? engine = null) =>
        Assert.Throws<TypeTransformerException>(() => ToValue<T>(literal, engine));

    /// <summary>Asserts that encoding fails with a <see cref="TypeTransformerException"/> and returns it.</summary>
    public static TypeTransformerException EncodeFails<T>(T value, TypeEngine? engine = null) =>
        Assert.Throws<TypeTransformerException>(() => ToLiteral(value, engine));
}
