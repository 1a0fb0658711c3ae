using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Flyte.Types;
using Flyte.Types.Optionals;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public class OptionalTests
{
    private static readonly LiteralType IntVariant = Simple(SimpleType.Integer).WithTag("int");
    private static readonly LiteralType NoneVariant = Simple(SimpleType.None).WithTag("none");

    [Fact]
    public void A_nullable_int_is_flytekits_optional_int_union()
    {
        Assert.Equal(LiteralType.UnionOf(IntVariant, NoneVariant), Engine.LiteralTypeOf<int?>());
        Assert.Equal("Typed Union", Engine.Get<int?>().Name);
        Assert.Equal(new Literal(new Union(Int(3), IntVariant)), ToLiteral<int?>(3));
        Assert.Equal(new Literal(new Union(new Literal(Flyte.Void.Instance), NoneVariant)), ToLiteral<int?>(null));
    }

    [Fact]
    public void An_optional_reads_the_union_a_bare_void_and_the_bare_value()
    {
        Assert.Equal(3, ToValue<int?>(new Literal(new Union(Int(3), IntVariant))));
        Assert.Null(ToValue<int?>(new Literal(new Union(new Literal(Flyte.Void.Instance), NoneVariant))));
        Assert.Null(ToValue<int?>(new Literal(Flyte.Void.Instance)));
        Assert.Equal(4, ToValue<int?>(Int(4)));
        Assert.Null(ToValue<int?>(MsgPack(0xc0)));
        Assert.Equal(5, ToValue<int?>(MsgPack(0x05)));
    }

    [Fact]
    public void Only_void_none_unions_and_the_single_nil_byte_are_none()
    {
        Assert.True(Optional.IsNone(MsgPack(0xc0)));
        Assert.True(Optional.IsNone(Optional.NoneLiteral));
        Assert.True(Optional.IsNone(new Literal(Flyte.Void.Instance)));
        Assert.False(Optional.IsNone(MsgPack(0xc0, 0xc0)));
        Assert.False(Optional.IsNone(MsgPack(0x00)));
        Assert.False(Optional.IsNone(new Literal(new Binary(Bytes.CopyFrom([0xc0]), "other"))));
        Assert.False(Optional.IsNone(new Literal(new Union(Int(3), IntVariant))));
    }

    [Fact]
    public void A_union_value_with_no_matching_variant_is_an_error()
    {
        var e = DecodeFails<int?>(new Literal(new Union(Str("x"), Simple(SimpleType.String).WithTag("str"))));
        Assert.Contains("'str'", e.Found);
        Assert.Contains("No variant", e.Message);
        DecodeFails<int?>(Str("x"));
    }

    [Fact]
    public async Task Any_transformer_can_be_wrapped_as_optional_for_nullable_reference_members()
    {
        var optionalString = Engine.GetOptional(typeof(string));
        Assert.Equal(typeof(string), optionalString.ClrType);
        Assert.Equal(LiteralType.UnionOf(Simple(SimpleType.String).WithTag("str"), NoneVariant), optionalString.LiteralType);
        var context = new TransformerContext(Engine);
        Assert.Equal(Optional.NoneLiteral, await optionalString.ToLiteralAsync(null, context));
        Assert.Null(await optionalString.ToValueAsync(new Literal(Flyte.Void.Instance), context));
        Assert.Equal("a", await optionalString.ToValueAsync(Str("a"), context));

        Assert.Same(optionalString, Optional.Wrap(optionalString));
        Assert.Same(Engine.Get<int?>(), Optional.Wrap(Engine.Get<int?>()));
        Assert.Equal(typeof(int?), Engine.GetOptional(typeof(int)).ClrType);
        var typed = Optional.WrapReference(Engine.Get<string>());
        Assert.Null(await typed.ToValueAsync(Optional.NoneLiteral, context));
        // a None record field resolved by propeller for an Optional[str] input: the msgpack nil binary
        Assert.Null(await optionalString.ToValueAsync(MsgPack(0xc0), context));
        Assert.Null(await typed.ToValueAsync(MsgPack(0xc0), context));
    }

    [Fact]
    public void Optionals_obey_the_transformer_laws()
    {
        TransformerLaws.Check<int?>(Engine);
        TransformerLaws.Check<double?>(Engine);
        TransformerLaws.Check<bool?>(Engine);
        TransformerLaws.CheckLiteral<TimeSpan?>(Engine);
        // inside msgpack a duration is float seconds of whole microseconds (mashumaro's timedelta)
        TransformerLaws.Check(Engine, Arb.From(Gen.Choose(-1_000_000_000, 1_000_000_000).Select(us => us % 3 == 0 ? (TimeSpan?)null : TimeSpan.FromTicks(us * 10L))));
        TransformerLaws.Check<Color?>(Engine);
    }

    [Fact]
    public void A_wrapped_reference_transformer_obeys_the_laws_with_nulls_included()
    {
        var engine = Engine.Add(Optional.WrapReference(Engine.Get<string>()));
        Assert.Equal(Optional.NoneLiteral, ToLiteral<string>(null!, engine));
        TransformerLaws.Check<string>(engine);
        TransformerLaws.Check<List<string>>(engine);
    }
}
