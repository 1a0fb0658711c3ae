using System.Runtime.Serialization;
using System.Text.Json.Serialization;
using Flyte.Testing;
using Flyte.Types;
using Flyte.Types.Enums;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public enum Color { Red, Green, Blue }

public enum Mode
{
    [EnumMember(Value = "fast-mode")] Fast,
    [JsonStringEnumMemberName("slow_mode")] Slow,
    [FlyteEnumValue("auto"), EnumMember(Value = "ignored")] Auto,
}

public enum Clash
{
    [FlyteEnumValue("same")] A,
    [EnumMember(Value = "same")] B,
}

public class EnumTests
{
    [Fact]
    public void Two_members_with_one_wire_value_are_an_error_naming_it()
    {
        var e = Assert.Throws<TypeTransformerException>(() => Engine.Get<Clash>());
        Assert.Contains("'same'", e.Message);
    }

    [Fact]
    public void An_enum_is_an_enum_type_of_member_names_and_a_string_literal()
    {
        Assert.Equal(new LiteralType(new EnumType(ValueList.Of("Red", "Green", "Blue"))), Engine.LiteralTypeOf<Color>());
        Assert.Equal(Str("Green"), ToLiteral(Color.Green));
        Assert.Equal(Color.Blue, ToValue<Color>(Str("Blue")));
        Assert.Equal("DefaultEnumTransformer", Engine.Get<Color>().Name);
    }

    [Fact]
    public void Attributes_give_the_wire_value_and_both_values_and_names_are_read()
    {
        Assert.Equal(new LiteralType(new EnumType(ValueList.Of("fast-mode", "slow_mode", "auto"))), Engine.LiteralTypeOf<Mode>());
        Assert.Equal(Str("fast-mode"), ToLiteral(Mode.Fast));
        Assert.Equal(Str("auto"), ToLiteral(Mode.Auto));
        Assert.Equal(Mode.Slow, ToValue<Mode>(Str("slow_mode")));
        Assert.Equal(Mode.Slow, ToValue<Mode>(Str("Slow")));
        Assert.Equal(Mode.Fast, ToValue<Mode>(MsgPack([0xa9, .. "fast-mode"u8.ToArray()])));
    }

    [Fact]
    public void An_unknown_enum_value_is_an_error_listing_the_known_ones()
    {
        var e = DecodeFails<Color>(Str("Purple"));
        Assert.Contains("\"Purple\"", e.Found);
        Assert.Contains("Blue, Green, Red", e.Message);
        DecodeFails<Color>(Int(1));
        EncodeFails((Color)42);
    }

    [Fact]
    public void Enums_obey_the_transformer_laws()
    {
        TransformerLaws.Check<Color>(Engine);
        TransformerLaws.Check<Mode>(Engine);
    }
}
