using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Flyte.Testing;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.Types;

public class DictionaryTests
{
    private static Literal Map(params (string Key, Literal Value)[] entries) => new(new LiteralMap(ValueMap.Of(entries)));

    private static readonly LiteralType MsgPackStruct = Simple(SimpleType.Struct) with
    {
        Annotation = new TypeAnnotation(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", "msgpack"))))),
    };

    [Fact]
    public void A_string_keyed_dictionary_is_a_typed_dict_map()
    {
        Assert.Equal(LiteralType.MapOf(Simple(SimpleType.Integer)), Engine.LiteralTypeOf<Dictionary<string, int>>());
        Assert.Equal("Typed Dict", Engine.Get<Dictionary<string, int>>().Name);
        var literal = Map(("a", Int(1)), ("b", Int(2)));
        Assert.Equal(literal, ToLiteral(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 }));
        Assert.Equal(literal, ToLiteral<IReadOnlyDictionary<string, int>>(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }));
        Assert.Equal(literal, ToLiteral(ImmutableDictionary<string, int>.Empty.Add("a", 1).Add("b", 2)));
        Assert.Equal(2, ToValue<IDictionary<string, int>>(literal)["b"]);
        Assert.Equal(1, ToValue<ImmutableDictionary<string, int>>(literal)["a"]);
    }

    [Fact]
    public void A_dictionary_with_int_keys_is_flytekits_msgpack_struct_with_native_keys()
    {
        Assert.Equal(MsgPackStruct, Engine.LiteralTypeOf<Dictionary<int, string>>());
        Assert.Equal("Typed Dict", Engine.Get<Dictionary<int, string>>().Name);
        Assert.Equal(MsgPack(0x81, 0x01, 0xa1, 0x61), ToLiteral(new Dictionary<int, string> { [1] = "a" }));
        var back = ToValue<Dictionary<int, string>>(MsgPack(0x82, 0x01, 0xa1, 0x61, 0xcd, 0x01, 0x2c, 0xa1, 0x62));
        Assert.Equal(new Dictionary<int, string> { [1] = "a", [300] = "b" }, back);
        // Values of any built-in type go in as mashumaro writes them: a list becomes an array, a timedelta float seconds.
        Assert.Equal(MsgPack(0x81, 0x02, 0x92, 0xc3, 0xc2), ToLiteral(new Dictionary<long, bool[]> { [2] = [true, false] }));
        Assert.Equal(MsgPack(0x81, 0xc3, 0xcb, 0x40, 0x56, 0x80, 0, 0, 0, 0, 0),
            ToLiteral(new Dictionary<bool, TimeSpan> { [true] = TimeSpan.FromSeconds(90) }));
    }

    [Fact]
    public void A_value_error_names_its_key()
    {
        var e = DecodeFails<Dictionary<string, int>>(Map(("ok", Int(1)), ("bad", Str("x"))));
        Assert.Equal("[\"bad\"]", e.Path);
        var k = DecodeFails<Dictionary<int, byte>>(MsgPack(0x81, 0x07, 0xcd, 0x01, 0x2c));
        Assert.Equal("[7]", k.Path);
        var s = DecodeFails<Dictionary<string, byte>>(MsgPack(0x81, 0xa1, 0x6b, 0xcd, 0x01, 0x2c));
        Assert.Equal("[\"k\"]", s.Path);
        DecodeFails<Dictionary<int, string>>(Map(("1", Str("a"))));
        DecodeFails<Dictionary<string, int>>(List(Int(1)));
    }

    [Fact]
    public void A_string_keyed_dictionary_reads_a_msgpack_map()
    {
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1 }, ToValue<Dictionary<string, int>>(MsgPack(0x81, 0xa1, 0x61, 0x01)));
    }

    [Fact]
    public void Dictionaries_obey_the_transformer_laws()
    {
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<string, int>>());
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<string, string>>()
            .Filter(d => d.Values.All(v => v is not null)));
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<int, string>>()
            .Filter(d => d.Values.All(v => v is not null)));
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<long, double>>());
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<string, int>>()
            .Convert(d => d.ToImmutableDictionary(), d => d.ToDictionary()));
        TransformerLaws.Check(Engine, ArbMap.Default.ArbFor<Dictionary<string, List<int?>>>()
            .Filter(d => d.Values.All(v => v is not null)));
    }
}
