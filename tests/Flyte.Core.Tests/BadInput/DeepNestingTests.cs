using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.Proto;
using Flyte.Types;
using Google.Protobuf;
using Xunit;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.BadInput;

public sealed record Holder(object? Value);

public sealed record Chain(Chain? Next, int Length = 0);

/// <summary>Deep nesting ends in a typed error naming the path and the limit, never a stack overflow (the child-process case is in EntrypointProcessTests).</summary>
public class DeepNestingTests
{
    private static readonly Literal HundredKilobytes = MsgPack(Deep.Maps(33_000));

    private static TypeTransformerException Fails<T>(Literal literal, TypeEngine? engine = null) =>
        Assert.Throws<TypeTransformerException>(() => ToValue<T>(literal, engine));

    [Fact]
    public void A_100_KB_nested_map_into_each_untyped_reader_is_a_typed_error_naming_the_limit()
    {
        foreach (var error in new[] { Fails<Dictionary<string, object?>>(HundredKilobytes), Fails<JsonNode>(HundredKilobytes),
                     Fails<JsonElement>(HundredKilobytes), Fails<object>(HundredKilobytes) })
        {
            Assert.Contains("deeper than 512 levels", error.Message);
            Assert.Contains("[\"a\"][\"a\"]", error.Message);
        }
    }

    [Fact]
    public async Task A_record_with_an_object_field_20k_levels_deep_on_a_thread_pool_thread_is_a_typed_error()
    {
        var literal = MsgPack(Deep.Field("Value", Deep.Maps(20_000)));
        var error = await Task.Run(() => Fails<Holder>(literal));
        Assert.Contains("Value", error.Message);
        Assert.Contains("deeper than 512 levels", error.Message);

        var arrays = await Task.Run(() => Fails<Holder>(MsgPack(Deep.Field("Value", Deep.Arrays(20_000)))));
        Assert.Contains("[0][0]", arrays.Message);
    }

    [Fact]
    public async Task A_recursive_record_20k_levels_deep_is_a_typed_error()
    {
        var error = await Task.Run(() => Fails<Chain>(MsgPack(Deep.Chain(20_000))));
        Assert.Contains("deeper than 512 levels", error.Message);
    }

    [Fact]
    public void The_limit_is_the_engines_and_values_within_it_are_read()
    {
        var engine = TypeEngine.Default.WithOptions(TypeEngineOptions.Default with { MaxDepth = 10 });
        Assert.Equal(512, TypeEngineOptions.Default.MaxDepth);
        Assert.NotNull(ToValue<Dictionary<string, object?>>(MsgPack(Deep.Maps(10)), engine));
        Assert.Contains("deeper than 10 levels", Fails<Dictionary<string, object?>>(MsgPack(Deep.Maps(11)), engine).Message);
        Assert.Contains("deeper than 10 levels", Fails<JsonElement>(MsgPack(Deep.Maps(11)), engine).Message);
        Assert.NotNull(ToValue<Chain>(MsgPack(Deep.Chain(10)), engine));
        Assert.Contains("deeper than 10 levels", Fails<Chain>(MsgPack(Deep.Chain(11)), engine).Message);
    }

    [Fact]
    public void More_than_64_levels_into_a_json_element_are_read()
    {
        var element = ToValue<JsonElement>(MsgPack(Deep.Arrays(200)));
        var depth = 0;
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e[0]) depth++;
        Assert.Equal(200, depth);
    }

    [Fact]
    public void A_protobuf_literal_nested_past_the_limit_is_an_invalid_protocol_buffer()
    {
        var literal = Int(1);
        for (var i = 0; i < 300; i++) literal = List(literal);
        var bytes = literal.ToBytes();
        Assert.Throws<InvalidProtocolBufferException>(() => ProtoSerializer.LiteralFromBytes(bytes));
        Assert.Equal(literal, ProtoSerializer.LiteralFromBytes(bytes, maxDepth: 1_000));
    }

    [Fact]
    public void An_object_graph_nested_past_the_limit_is_a_typed_error_naming_it()
    {
        var serializer = new Flyte.Types.Fallback.ObjectGraphSerializer(typeof(FuzzBag));
        var bag = new FuzzBag();
        for (var i = 0; i < 20; i++) bag = new FuzzBag { Next = bag };
        var payload = serializer.Serialize(bag);
        Assert.IsType<FuzzBag>(serializer.Deserialize(payload));
        var error = Assert.Throws<TypeTransformerException>(() => serializer.Deserialize(payload, maxDepth: 10));
        Assert.Contains("deeper than 10 levels", error.Message);
    }
}
