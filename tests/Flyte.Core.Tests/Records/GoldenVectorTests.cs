using System.Diagnostics;
using System.Text.Json;
using Flyte.Types;
using Xunit;
using static Flyte.Tests.Records.RecordTestKit;

namespace Flyte.Tests.Records;

/// <summary>
/// Golden msgpack vectors for the seed dataclasses, derived by hand from the reference's rules (§2.6.1): a map of
/// str keys in declaration order, minimal-width ints, float64 (0xcb) for every float, fixstr (0xa0 | length) keys.
/// </summary>
public sealed class GoldenVectorTests
{
    // Datum(x=10, y="10", z={10: "10"})
    private const string DatumHex = """
        83                   # fixmap, 3 entries: x, y, z in declaration order
        a1 78  0a            # "x" -> positive fixint 10
        a1 79  a2 31 30      # "y" -> fixstr "10"
        a1 7a  81 0a a2 31 30 # "z" -> fixmap 1 entry with a native int key 10 -> "10" (Dict[int, str] keeps int keys)
        """;

    // InferenceRequest(feature_a=1.0, feature_b=2.0)
    private const string InferenceRequestHex = """
        82                                       # fixmap, 2 entries
        a9 66 65 61 74 75 72 65 5f 61            # fixstr(9) "feature_a"
        cb 3f f0 00 00 00 00 00 00               # float64 1.0 (Python float is never float32)
        a9 66 65 61 74 75 72 65 5f 62            # fixstr(9) "feature_b"
        cb 40 00 00 00 00 00 00 00               # float64 2.0
        """;

    // BatchRequest(requests=[InferenceRequest(1.0, 2.0), InferenceRequest(3.0, 4.0)], batch_id="test_batch")
    private const string BatchRequestHex = """
        82                                       # fixmap, 2 entries
        a8 72 65 71 75 65 73 74 73               # fixstr(8) "requests"
        92                                       # fixarray, 2 elements: nested dataclasses are nested maps
          82 a9 66 65 61 74 75 72 65 5f 61 cb 3f f0 00 00 00 00 00 00   # {feature_a: 1.0,
             a9 66 65 61 74 75 72 65 5f 62 cb 40 00 00 00 00 00 00 00   #  feature_b: 2.0}
          82 a9 66 65 61 74 75 72 65 5f 61 cb 40 08 00 00 00 00 00 00   # {feature_a: 3.0,
             a9 66 65 61 74 75 72 65 5f 62 cb 40 10 00 00 00 00 00 00   #  feature_b: 4.0}
        a8 62 61 74 63 68 5f 69 64               # fixstr(8) "batch_id"
        aa 74 65 73 74 5f 62 61 74 63 68         # fixstr(10) "test_batch"
        """;

    // PredictionSummary(predictions=[8.0, 18.0], average=13.0, count=2, batch_id="test_batch")
    private const string PredictionSummaryHex = """
        84                                             # fixmap, 4 entries
        ab 70 72 65 64 69 63 74 69 6f 6e 73            # fixstr(11) "predictions"
        92 cb 40 20 00 00 00 00 00 00                  # fixarray 2: float64 8.0
           cb 40 32 00 00 00 00 00 00                  #            float64 18.0
        a7 61 76 65 72 61 67 65                        # fixstr(7) "average"
        cb 40 2a 00 00 00 00 00 00                     # float64 13.0
        a5 63 6f 75 6e 74  02                          # "count" -> positive fixint 2
        a8 62 61 74 63 68 5f 69 64                     # "batch_id"
        aa 74 65 73 74 5f 62 61 74 63 68               # "test_batch"
        """;

    // Coordinate(x=1.5, y=-2.0, metadata={"alt": 300.0})
    private const string CoordinateHex = """
        83                                       # fixmap, 3 entries
        a1 78  cb 3f f8 00 00 00 00 00 00        # "x" -> float64 1.5
        a1 79  cb c0 00 00 00 00 00 00 00        # "y" -> float64 -2.0 (sign bit set)
        a8 6d 65 74 61 64 61 74 61               # fixstr(8) "metadata"
        81 a3 61 6c 74  cb 40 72 c0 00 00 00 00 00 # fixmap 1: "alt" -> float64 300.0
        """;

    // Event(at=datetime(2024,1,2,3,4,5,123, tzinfo=utc), took=timedelta(seconds=90), ratio=0.5)
    private const string EventHex = """
        83
        a2 61 74                                 # "at"
        d9 20                                    # str8, 32 bytes: isoformat() with .ffffff because µs != 0
        32 30 32 34 2d 30 31 2d 30 32 54 30 33 3a 30 34 3a 30 35 2e 30 30 30 31 32 33 2b 30 30 3a 30 30 # 2024-01-02T03:04:05.000123+00:00
        a4 74 6f 6f 6b  cb 40 56 80 00 00 00 00 00 # "took" -> float64 90.0 (total_seconds())
        a5 72 61 74 69 6f  cb 3f e0 00 00 00 00 00 00 # "ratio" -> float64 0.5
        """;

    public static Datum SampleDatum => new(10, "10", new() { [10] = "10" });

    public static BatchRequest SampleBatch => new([new(1.0, 2.0), new(3.0, 4.0)], "test_batch");

    public static PredictionSummary SampleSummary => new() { Predictions = [8.0, 18.0], Average = 13.0, Count = 2, BatchId = "test_batch" };

    public static Coordinate SampleCoordinate => new(1.5, -2.0, new() { ["alt"] = 300.0 });

    public static Event SampleEvent => new(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1230), TimeSpan.FromSeconds(90), 0.5);

    private static void Golden<T>(T value, string hex)
    {
        var literal = Snake.ToLiteral(value);
        Assert.Equal(ToHex(Hex(hex)), ToHex(literal.MsgPack()));
        Assert.Equal(Json(value), Json(Snake.ToValue<T>(literal)));
        // and the hand-written bytes decode to the same value
        Assert.Equal(Json(value), Json(Snake.ToValue<T>(MsgPackLiteral(Hex(hex)))));
    }

    [Fact] public void Datum_matches_the_hand_derived_bytes() => Golden(SampleDatum, DatumHex);
    [Fact] public void InferenceRequest_matches_the_hand_derived_bytes() => Golden(new InferenceRequest(1.0, 2.0), InferenceRequestHex);
    [Fact] public void BatchRequest_matches_the_hand_derived_bytes() => Golden(SampleBatch, BatchRequestHex);
    [Fact] public void PredictionSummary_matches_the_hand_derived_bytes() => Golden(SampleSummary, PredictionSummaryHex);
    [Fact] public void Coordinate_matches_the_hand_derived_bytes() => Golden(SampleCoordinate, CoordinateHex);
    [Fact] public void Datetimes_are_python_isoformat_and_timedeltas_float_seconds() => Golden(SampleEvent, EventHex);

    [Fact]
    public void Whole_second_utc_datetimes_have_no_fraction_and_a_plus_zero_offset()
    {
        var literal = Snake.ToLiteral(new Event(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), TimeSpan.Zero, 0));
        var reader = new Flyte.MessagePack.MessagePackReader(literal.MsgPack());
        reader.ReadMapHeader();
        reader.ReadString();
        Assert.Equal("2024-01-02T03:04:05+00:00", reader.ReadString());
    }

    [Fact]
    public void The_literal_type_is_a_flytekit_dataclass_type()
    {
        var type = Snake.LiteralTypeOf<BatchRequest>();
        Assert.Equal(new TypeKind.Simple(SimpleType.Struct), type.Type);
        Assert.Equal(Struct.Of(("cache-key-metadata", Struct.Of(("serialization-format", "msgpack")))), type.Annotation!.Annotations);
        Assert.Equal("", type.Structure!.Tag);
        Assert.Equal(["batch_id", "requests"], type.Structure.DataclassType.Keys);
        Assert.Equal(LiteralType.Of(SimpleType.String), type.Structure.DataclassType["batch_id"]);
        var requests = Assert.IsType<TypeKind.CollectionType>(type.Structure.DataclassType["requests"].Type);
        Assert.Equal(["feature_a", "feature_b"], requests.ElementType.Structure!.DataclassType.Keys);
        Assert.Equal("Object-Dataclass-Transformer", Snake.Get<BatchRequest>().Name);
    }

    [Fact]
    public void Dictionary_fields_are_typed_as_flytekit_types_them()
    {
        var datum = Snake.LiteralTypeOf<Datum>().Structure!.DataclassType;
        Assert.Equal(LiteralType.Of(SimpleType.Integer), datum["x"]);
        // Dict[int, str] is STRUCT + msgpack annotation, no metadata
        Assert.Equal(new TypeKind.Simple(SimpleType.Struct), datum["z"].Type);
        Assert.Null(datum["z"].Metadata);
        Assert.NotNull(datum["z"].Annotation);
        // Dict[str, float] is a map of FLOAT
        Assert.Equal(LiteralType.MapOf(LiteralType.Of(SimpleType.Float)), Snake.LiteralTypeOf<Coordinate>().Structure!.DataclassType["metadata"]);
    }

    [Fact]
    public void The_metadata_is_a_mashumaro_shaped_json_schema()
    {
        var schema = Snake.LiteralTypeOf<BatchRequest>().Metadata!;
        Assert.Equal(new StructValue.String("object"), schema.Fields["type"]);
        Assert.Equal(new StructValue.String("BatchRequest"), schema.Fields["title"]);
        Assert.Equal(new StructValue.Bool(false), schema.Fields["additionalProperties"]);
        Assert.Equal(new StructValue.List(ValueList.Of<StructValue>("requests")), schema.Fields["required"]);   // batch_id has a default
        var properties = ((StructValue.Object)schema.Fields["properties"]).Value;
        Assert.Equal(["batch_id", "requests"], properties.Fields.Keys);
        var items = ((StructValue.Object)((StructValue.Object)properties.Fields["requests"]).Value.Fields["items"]).Value;
        Assert.Equal(new StructValue.String("InferenceRequest"), items.Fields["title"]);
        var featureA = ((StructValue.Object)((StructValue.Object)items.Fields["properties"]).Value.Fields["feature_a"]).Value;
        Assert.Equal(new StructValue.String("number"), featureA.Fields["type"]);
    }

    [Fact]
    public void The_seed_types_decode_to_the_expected_json_with_the_npm_msgpack_package()
    {
        var cases = new (string Name, byte[] Bytes, string Json)[]
        {
            ("datum", Snake.ToLiteral(SampleDatum).MsgPack(), """{"x":10,"y":"10","z":{"int:10":"10"}}"""),
            ("batch", Snake.ToLiteral(SampleBatch).MsgPack(),
                """{"requests":[{"feature_a":1,"feature_b":2},{"feature_a":3,"feature_b":4}],"batch_id":"test_batch"}"""),
            ("summary", Snake.ToLiteral(SampleSummary).MsgPack(), """{"predictions":[8,18],"average":13,"count":2,"batch_id":"test_batch"}"""),
            ("coordinate", Snake.ToLiteral(SampleCoordinate).MsgPack(), """{"x":1.5,"y":-2,"metadata":{"alt":300}}"""),
            ("event", Snake.ToLiteral(SampleEvent).MsgPack(), """{"at":"2024-01-02T03:04:05.000123+00:00","took":90,"ratio":0.5}"""),
        };
        var decoded = NodeDecode(cases.Select(c => (c.Name, c.Bytes)).ToArray());
        foreach (var c in cases) Assert.Equal(c.Json, decoded[c.Name]);
    }

    [Fact]
    public void The_npm_package_sees_float64_for_floats_and_the_smallest_int_for_ints()
    {
        var bytes = Snake.ToLiteral(SampleSummary).MsgPack();
        var decoded = NodeDecode([("s", bytes)], describe: true)["s"];
        Assert.Equal("predictions:float64,float64;average:float64;count:int;batch_id:string", decoded);
    }

    /// <summary>Decodes each payload with @msgpack/msgpack in node; a non-string map key shows as <c>int:10</c>.</summary>
    private static Dictionary<string, string> NodeDecode((string Name, byte[] Bytes)[] payloads, bool describe = false)
    {
        var root = FindRepoRoot();
        var dir = Directory.CreateTempSubdirectory("flyte-records-").FullName;
        foreach (var (name, bytes) in payloads) File.WriteAllBytes(Path.Combine(dir, name + ".bin"), bytes);
        var script = """
            const { decode } = require(process.argv[2] + '/node_modules/@msgpack/msgpack');
            const fs = require('fs'), path = require('path');
            const describe = process.argv[4] === 'describe';
            const out = {};
            // A float64 whose value is integral would print like an int in JSON: describe reads the format byte instead.
            function kinds(buf) {
              const v = decode(buf, { useMap: false, mapKeyConverter: k => k });
              return Object.entries(v).map(([k, x]) => k + ':' + (Array.isArray(x) ? x.map(kind).join(',') : kind(x))).join(';');
              function kind(x) { return typeof x === 'string' ? 'string' : Number.isInteger(x) && !floats.has(x) ? 'int' : 'float64'; }
            }
            let floats = new Set();
            for (const f of fs.readdirSync(process.argv[3])) {
              const buf = fs.readFileSync(path.join(process.argv[3], f));
              if (describe) {
                floats = new Set();
                for (let i = 0; i + 8 < buf.length; i++) if (buf[i] === 0xcb) floats.add(buf.readDoubleBE(i + 1));
                out[path.basename(f, '.bin')] = kinds(buf);
              } else {
                // 3.x has no Map output: a converter marks non-string keys so an int key shows as "int:10".
                const v = decode(buf, { mapKeyConverter: k => typeof k === 'string' ? k : typeof k + ':' + k });
                out[path.basename(f, '.bin')] = JSON.stringify(v).replace(/"number:/g, '"int:');
              }
            }
            process.stdout.write(JSON.stringify(out));
            """;
        var scriptPath = Path.Combine(Directory.CreateTempSubdirectory("flyte-records-script-").FullName, "decode.cjs");
        File.WriteAllText(scriptPath, script);
        var start = new ProcessStartInfo("node", [scriptPath, root, dir, describe ? "describe" : "json"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node is required for the cross-check");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "node failed: " + stderr);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(stdout)!;
    }

    internal static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flyte.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found");
    }
}
