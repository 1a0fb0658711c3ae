using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Unions;

/// <summary>flytekit's <c>Union[int, str]</c> as <see cref="Union{T1, T2}"/> (facts: flytekit's <c>UnionTransformer</c>).</summary>
public class VariantUnionTests
{
    private static readonly LiteralType IntVariant = Simple(SimpleType.Integer).WithTag("int");
    private static readonly LiteralType StrVariant = Simple(SimpleType.String).WithTag("str");
    private static readonly LiteralType FloatVariant = Simple(SimpleType.Float).WithTag("float");

    public sealed record Holder(Union<long, string> Value);

    [Fact]
    public void A_union_of_int_and_str_is_flytekits_union_type_with_transformer_name_tags()
    {
        // get_literal_type: union_type.variants = [each arg's literal type with structure.tag = its transformer's name]
        Assert.Equal(LiteralType.UnionOf(IntVariant, StrVariant), Engine.LiteralTypeOf<Union<long, string>>());
        Assert.Equal(LiteralType.UnionOf(IntVariant, StrVariant, FloatVariant), Engine.LiteralTypeOf<Union<long, string, double>>());
        Assert.Equal("Typed Union", Engine.Get<Union<long, string>>().Name);
    }

    [Fact]
    public void A_value_is_a_union_literal_whose_type_is_the_variant_it_holds()
    {
        // to_literal: Literal(scalar=Scalar(union=Union(value=<the variant's literal>, stored_type=<the tagged variant>)))
        Assert.Equal(new Literal(new Union(Int(3), IntVariant)), ToLiteral<Union<long, string>>(3L));
        Assert.Equal(new Literal(new Union(Str("a"), StrVariant)), ToLiteral<Union<long, string>>("a"));
        Assert.Equal(new Literal(new Union(Float(0.5), FloatVariant)), ToLiteral<Union<long, string, double>>(0.5));
    }

    [Fact]
    public void Reading_takes_the_variant_named_by_the_tag_or_the_only_one_a_bare_literal_fits()
    {
        Assert.Equal(Union<long, string>.Of2("a"), ToValue<Union<long, string>>(new Literal(new Union(Str("a"), StrVariant))));
        Assert.Equal(Union<long, string>.Of1(7), ToValue<Union<long, string>>(Int(7)));
        Assert.Equal(Union<long, string>.Of2("b"), ToValue<Union<long, string>>(Str("b")));
        Assert.Equal("int 7", ToValue<Union<long, string>>(Int(7)).Match(i => $"int {i}", s => $"str {s}"));
    }

    [Fact]
    public void A_foreign_tag_or_a_literal_no_variant_reads_is_an_error_naming_the_variants()
    {
        var tagged = DecodeFails<Union<long, string>>(new Literal(new Union(Bool(true), Simple(SimpleType.Boolean).WithTag("bool"))));
        Assert.Contains("'bool'", tagged.Found);
        Assert.Contains("'int', 'str'", tagged.Message);
        var bare = DecodeFails<Union<long, string>>(Bool(true));
        Assert.Contains("int:", bare.Message);
        Assert.Contains("str:", bare.Message);
    }

    [Fact]
    public void A_bare_literal_that_fits_two_variants_is_ambiguous_as_in_flytekit()
    {
        // int and float both read the msgpack integer 5
        var e = DecodeFails<Union<long, double>>(MsgPack(0x05));
        Assert.Contains("exactly one variant", e.Message);
    }

    [Fact]
    public void Nested_in_a_record_a_union_is_its_variants_plain_msgpack()
    {
        // mashumaro packs a Union field as the member's own value: {"Value": 3} and {"Value": "a"}
        Assert.Equal("81a556616c756503", Hex(ToLiteral(new Holder(3L))));
        Assert.Equal("81a556616c7565a161", Hex(ToLiteral(new Holder("a"))));
        Assert.Equal(new Holder("a"), ToValue<Holder>(MsgPack(Convert.FromHexString("81a556616c7565a161"))));
        Assert.Equal(new Holder(3L), ToValue<Holder>(MsgPack(Convert.FromHexString("81a556616c756503"))));
        // dataclass_type: the field's entry is the union type itself
        Assert.Equal(LiteralType.UnionOf(IntVariant, StrVariant), Engine.LiteralTypeOf<Holder>().Structure!.DataclassType["Value"]);
    }

    [Fact]
    public void Unions_of_simple_types_obey_the_transformer_laws()
    {
        var two = Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => i * 3L).Select(Union<long, string>.Of1),
            Generators.Text.Select(Union<long, string>.Of2));
        TransformerLaws.Check(Engine, Arb.From(two));
        var three = Gen.OneOf(
            Gen.Choose(int.MinValue, int.MaxValue).Select(i => i * 3L).Select(Union<long, string, bool>.Of1),
            Generators.Text.Select(Union<long, string, bool>.Of2),
            Gen.Elements(true, false).Select(Union<long, string, bool>.Of3));
        TransformerLaws.Check(Engine, Arb.From(three));
    }

    private static string Hex(Literal literal) =>
        Convert.ToHexString(((Binary)literal.Value).Value.Span).ToLowerInvariant();
}
