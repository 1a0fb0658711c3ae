using Flyte.MessagePack;
using Flyte.Types;
using Xunit;

namespace Flyte.Tests.Unions;

/// <summary>A C# closed union: an abstract record whose cases are sealed records in the same assembly.</summary>
public abstract record Payment
{
    /// <summary>Paid by card.</summary>
    [FlyteTag("card")]
    public sealed record Card(string Number, int ExpiryYear) : Payment;

    /// <summary>Paid by bank transfer; once called "Wire", its old tag still reads.</summary>
    [FlyteTag("transfer", Aliases = ["Wire"])]
    public sealed record Transfer(string Iban, long? Reference) : Payment;

    /// <summary>Paid in cash: no fields.</summary>
    public sealed record Cash : Payment;
}

public class ClosedRecordHierarchyTests
{
    private static readonly TypeEngine Engine = TypeEngine.Default;

    private static Literal ToLiteral(Payment value) => Engine.ToLiteralAsync(value).AsTask().GetAwaiter().GetResult();

    private static Payment ToValue(Literal literal) => Engine.ToValueAsync<Payment>(literal).AsTask().GetAwaiter().GetResult();

    private static Union AsUnion(Literal literal) => Assert.IsType<Union>(literal.Value);

    [Fact]
    public void The_default_engine_makes_each_sealed_case_a_tagged_struct_variant()
    {
        var type = Assert.IsType<UnionType>(Engine.LiteralTypeOf<Payment>().Type);
        Assert.Equal(["card", "transfer", "Cash"], type.Variants.Select(v => v.Structure!.Tag));
        Assert.All(type.Variants, v => Assert.Equal(new TypeKind.Simple(SimpleType.Struct), v.Type));
        Assert.Equal(["Number", "ExpiryYear"], type.Variants[0].Structure!.DataclassType.Keys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Every_case_round_trips()
    {
        Payment[] values = [new Payment.Card("4111", 2030), new Payment.Transfer("DE00", 42), new Payment.Transfer("DE01", null), new Payment.Cash()];
        foreach (var value in values)
            Assert.Equal(value, ToValue(ToLiteral(value)));
    }

    [Fact]
    public void A_case_payload_is_msgpack_with_its_tag_and_fields_in_declaration_order()
    {
        var union = AsUnion(ToLiteral(new Payment.Card("4111", 2030)));
        Assert.Equal("card", union.Type.Structure!.Tag);
        var binary = Assert.IsType<Binary>(union.Value.Value);
        var expected = MessagePackValue.MapOf(("$tag", "card"), ("Number", "4111"), ("ExpiryYear", 2030));
        Assert.Equal(expected.Encode(), binary.Value.ToArray());
    }

    [Fact]
    public void Data_written_under_an_alias_reads_as_the_renamed_case()
    {
        var payload = MessagePackValue.MapOf(("$tag", "Wire"), ("Iban", "DE00"), ("Reference", 7));
        var old = new Literal(new Union(new Binary(Bytes.Wrap(payload.Encode()), Binary.MessagePackTag), LiteralType.Of(SimpleType.Struct).WithTag("Wire")));
        Assert.Equal(new Payment.Transfer("DE00", 7), ToValue(old));
    }

    [Fact]
    public void An_unknown_tag_lists_the_known_tags()
    {
        var payload = MessagePackValue.MapOf(("$tag", "cheque"));
        var literal = new Literal(new Union(new Binary(Bytes.Wrap(payload.Encode()), Binary.MessagePackTag), LiteralType.Of(SimpleType.Struct).WithTag("cheque")));
        var error = Assert.Throws<TypeTransformerException>(() => ToValue(literal));
        Assert.Contains("\"cheque\"", error.Message);
        Assert.Contains("\"card\", \"transfer\", \"Cash\"", error.Message);
    }

    [Fact]
    public void A_mistyped_field_is_reported_at_its_name()
    {
        var payload = MessagePackValue.MapOf(("$tag", "card"), ("Number", 4111), ("ExpiryYear", 2030));
        var literal = new Literal(new Union(new Binary(Bytes.Wrap(payload.Encode()), Binary.MessagePackTag),
            LiteralType.Of(SimpleType.Struct).WithTag("card")));
        var error = Assert.Throws<TypeTransformerException>(() => ToValue(literal));
        Assert.Equal("Number", error.Path);
    }
}
