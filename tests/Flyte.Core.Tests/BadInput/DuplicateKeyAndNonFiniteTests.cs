using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.BadInput;

public sealed record WithMap(Dictionary<string, int> Counts);

/// <summary>A repeated map key keeps its last value everywhere (as Python's msgpack); NaN and ±Infinity read without raw exceptions.</summary>
public class DuplicateKeyAndNonFiniteTests
{
    // {"k": 1, "k": 2} and {"m": {"k": 1, "k": 2}}
    private static readonly byte[] Repeated = [0x82, 0xa1, (byte)'k', 0x01, 0xa1, (byte)'k', 0x02];
    private static readonly byte[] NestedRepeated = Deep.Field("m", Repeated);

    [Fact]
    public void A_repeated_key_keeps_its_last_value_in_every_reader()
    {
        Assert.Equal(2L, ToValue<Dictionary<string, object?>>(MsgPack(Repeated))["k"]);
        Assert.Equal(2L, ((Dictionary<string, object?>)ToValue<Dictionary<string, object?>>(MsgPack(NestedRepeated))["m"]!)["k"]);
        Assert.Equal(2L, ((Dictionary<string, object?>)ToValue<object>(MsgPack(Repeated)))["k"]);
        Assert.Equal(2, ToValue<Dictionary<string, int>>(MsgPack(Repeated))["k"]);
        Assert.Equal(new Dictionary<string, int> { ["k"] = 2 }, ToValue<WithMap>(MsgPack(Deep.Field("Counts", Repeated))).Counts);
        Assert.Equal(2, ToValue<JsonNode>(MsgPack(Repeated))!["k"]!.GetValue<long>());
        var element = ToValue<JsonElement>(MsgPack(Repeated));
        Assert.Equal(("k", 2), (element.EnumerateObject().Single().Name, element.GetProperty("k").GetInt32()));
        // int keys that decode to the same .NET key, and mixed keys in an untyped map
        Assert.Equal("b", ToValue<Dictionary<long, string>>(MsgPack(0x82, 0x01, 0xa1, (byte)'a', 0x01, 0xa1, (byte)'b'))[1]);
        Assert.Equal(3L, ((Dictionary<object, object?>)ToValue<object>(MsgPack(0x83, 0x01, 0x01, 0xa1, (byte)'x', 0x02, 0x01, 0x03)))[1L]);
    }

    [Fact]
    public void A_repeated_key_in_a_flyte_map_read_from_msgpack_keeps_its_last_value()
    {
        var map = new ValueMap<Literal>([new("k", Int(1)), new("k", Int(2))]);
        Assert.Equal(Int(2), map["k"]);
        Assert.Equal(2, ToValue<Dictionary<string, int>>(new(new Binary(Bytes.CopyFrom(Repeated), Binary.MessagePackTag)))["k"]);
    }

    [Fact]
    public void Nan_and_infinities_read_into_json_elements_as_named_strings_and_into_nodes_as_doubles()
    {
        foreach (var (value, name) in new[] { (double.NaN, "NaN"), (double.PositiveInfinity, "Infinity"), (double.NegativeInfinity, "-Infinity") })
        {
            var msgpack = MsgPack(Deep.Field("x", Deep.Float64(value)));
            Assert.Equal(name, ToValue<JsonElement>(msgpack).GetProperty("x").GetString());
            Assert.Equal(value, ToValue<JsonNode>(msgpack)!["x"]!.GetValue<double>());
            Assert.Equal(value, (double)ToValue<Dictionary<string, object?>>(msgpack)["x"]!);
        }
        Assert.Equal(1.5, ToValue<JsonElement>(MsgPack(Deep.Field("x", Deep.Float64(1.5)))).GetProperty("x").GetDouble());
    }
}
