using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Flyte.MessagePack;
using Flyte.Proto;
using Flyte.Types;
using Flyte.Types.Fallback;
using Flyte.Types.Json;
using Google.Protobuf;
using static Flyte.Tests.Types.Support;

namespace Flyte.Tests.BadInput;

public sealed record FuzzRecord(int A, string B, double C, List<int> D, Dictionary<string, string> E, object? F,
    FuzzRecord? Child, DateTime? G, bool H, Dictionary<long, string>? I);

/// <summary>An opaque class for the object-graph fallback.</summary>
public sealed class FuzzBag
{
    public List<string> Names = [];
    public Dictionary<string, int> Counts = [];
    public int[] Numbers = [];
    public FuzzBag? Next;
    public string? Label;
}

/// <summary>One public decoder under fuzz: its valid seeds and a decode that either returns or throws.</summary>
internal sealed record FuzzTarget(string Name, byte[][] Seeds, Action<byte[]> Decode, Func<Exception, bool> IsTyped)
{
    private static bool Typed(Exception e) => e is TypeTransformerException or MessagePackException;

    private static readonly FuzzRecord Sample = new(7, "seven", 0.5, [1, 2, 3], new() { ["k"] = "v" },
        new Dictionary<string, object?> { ["x"] = 1L, ["y"] = new List<object?> { "a", 2.5, null } },
        new FuzzRecord(1, "one", -1, [], [], null, null, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), true, new() { [1] = "a" }),
        null, false, null);

    private static byte[] MsgPackOf<T>(T value) => ((Binary)ToLiteral(value).Value).Value.ToArray();

    private static void Read<T>(byte[] bytes) => ToValue<T>(MsgPack(bytes));

    private static byte[][] UntypedSeeds { get; } =
    [
        MsgPackOf(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { 1.5, "x", true, null }, ["c"] = new Dictionary<string, object?> { ["d"] = "e" } }),
        MsgPackOf(Sample), Deep.Maps(5), Deep.Arrays(5), Deep.Field("x", Deep.Float64(double.NaN)),
    ];

    private static readonly ObjectGraphSerializer Graph = new(typeof(FuzzBag));

    private static readonly LiteralType RecordType = TypeEngine.Default.LiteralTypeOf<FuzzRecord>();

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("msgpack reader (MessagePackValue.Decode)", UntypedSeeds, b => MessagePackValue.Decode(b), e => e is MessagePackException),
        new("record (FuzzRecord)", [MsgPackOf(Sample), MsgPackOf(Sample.Child!)], Read<FuzzRecord>, Typed),
        new("untyped Dictionary<string, object?>", UntypedSeeds, Read<Dictionary<string, object?>>, Typed),
        new("untyped object", UntypedSeeds, Read<object>, Typed),
        new("untyped JsonElement", UntypedSeeds, Read<JsonElement>, Typed),
        new("untyped JsonNode", UntypedSeeds, Read<JsonNode>, Typed),
        new("msgpack map Dictionary<long, string>", [MsgPackOf(new Dictionary<long, string> { [1] = "a", [-5] = "b" })], Read<Dictionary<long, string>>, Typed),
        new("literal map (ProtoSerializer) into FuzzRecord", [new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", ToLiteral(Sample))).ToBytes(),
                new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", List(Int(1), Str("a"), Float(2)))).ToBytes()],
            b =>
            {
                var map = ProtoSerializer.LiteralMapFromBytes(b);
                if (map.Literals.TryGetValue("x", out var x)) ToValue<FuzzRecord>(x);
            },
            e => Typed(e) || e is InvalidProtocolBufferException or ProtoMappingException),
        new("object-graph fallback (FuzzBag)",
            [Graph.Serialize(new FuzzBag { Names = ["a", "b"], Counts = new() { ["x"] = 1 }, Numbers = [1, 2], Next = new FuzzBag { Label = "n" }, Label = "top" })],
            b => Graph.Deserialize(b), Typed),
        new("JSON inputs (LiteralJson.FromJson into FuzzRecord)",
            [Encoding.UTF8.GetBytes(LiteralJson.ToJson(ToLiteral(Sample), RecordType)!.ToJsonString()), Encoding.UTF8.GetBytes("""{"A": 1, "B": "b", "C": 1e308, "D": [1], "E": {}, "F": [[[{}]]], "H": true}""")],
            b => LiteralJson.FromJson(Encoding.UTF8.GetString(b), RecordType), Typed),
    ];
}
