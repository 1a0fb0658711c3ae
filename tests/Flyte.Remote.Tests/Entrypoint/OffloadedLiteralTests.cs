using System.Text.Json.Nodes;
using Flyte.Entrypoints;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Tests.Support;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Entrypoints;

/// <summary>Flyte ≥ 1.13 offloaded literals: pointer inputs are resolved, large outputs are offloaded as flytekit does.</summary>
public sealed class OffloadedLiteralTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-offloaded-literals-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly FlyteTask<double, double> Same = FlyteTask.Define("same", (double x) => x, Engine);

    private async Task<string> OneFloatInputs()
    {
        var inputs = Path.Combine(_dir, "inputs.pb");
        await File.WriteAllBytesAsync(inputs, new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Primitive.FloatValue(1.0)))).ToBytes());
        return inputs;
    }

    private static readonly FlyteTask<long[], Dictionary<string, long>, double> SumAll = FlyteTask.Define("sum_all",
        (long[] xs, Dictionary<string, long> named) => (double)(xs.Sum() + named.Values.Sum()), Engine);

    [Fact]
    public async Task Pointer_inputs_at_the_top_and_inside_a_map_are_read_from_their_files_before_conversion()
    {
        // The pointed-to literals and the pointers, written by the npm classes.
        var xs = Path.Combine(_dir, "xs_offloaded_metadata.pb");
        await File.WriteAllBytesAsync(xs, FlyteidlJs.Encode("flyteidl.core.Literal", JsonNode.Parse("""
            {"collection": {"literals": [{"scalar": {"primitive": {"integer": 1}}}, {"scalar": {"primitive": {"integer": 2}}}]}}
            """)!));
        var b = Path.Combine(_dir, "b.pb");
        await File.WriteAllBytesAsync(b, FlyteidlJs.Encode("flyteidl.core.Literal", JsonNode.Parse("""{"scalar": {"primitive": {"integer": 40}}}""")!));
        var inputs = Path.Combine(_dir, "inputs.pb");
        await File.WriteAllBytesAsync(inputs, FlyteidlJs.Encode("flyteidl.core.LiteralMap", JsonNode.Parse($$"""
            {"literals": {
              "xs": {"offloadedMetadata": {"uri": "{{xs}}", "sizeBytes": 30, "inferredType": {"collectionType": {"simple": 1} } } },
              "named": {"map": {"literals": {
                "a": {"scalar": {"primitive": {"integer": 100} } },
                "b": {"offloadedMetadata": {"uri": "file://{{b}}", "sizeBytes": 4, "inferredType": {"simple": 1} } } } } } } }
            """)!));

        var result = await Entrypoint.ExecuteAsync(new EntrypointOptions(inputs, Path.Combine(_dir, "out"), Path.Combine(_dir, "raw")) { Offloading = null },
            SumAll.Spec, Engine);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(new Primitive.FloatValue(143.0), result.Outputs!.Literals["o0"].Value);
    }

    [Fact]
    public async Task Outputs_from_the_minimum_are_offloaded_with_flytekits_hash_and_read_back_by_the_next_task()
    {
        var inputs = await OneFloatInputs();
        var outputPrefix = Path.Combine(_dir, "n0");

        await Entrypoint.ExecuteAsync(new EntrypointOptions(inputs, outputPrefix, Path.Combine(_dir, "raw")) { Offloading = new LiteralOffloading(0, null) },
            Same.Spec, Engine);

        var outputs = FlyteidlJs.Decode(("flyteidl.core.LiteralMap", Pb.LiteralMap.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(outputPrefix, "outputs.pb")))))[0]!;
        var pointer = outputs["literals"]!["o0"]!;
        Assert.Equal(Path.Combine(outputPrefix, "o0_offloaded_metadata.pb"), (string)pointer["offloadedMetadata"]!["uri"]!);
        Assert.Equal(ProtoMapping.ToProto(new Literal(new Primitive.FloatValue(1.0))).CalculateSize().ToString(System.Globalization.CultureInfo.InvariantCulture), (string)pointer["offloadedMetadata"]!["sizeBytes"]!);
        Assert.Equal(2, (int)pointer["offloadedMetadata"]!["inferredType"]!["simple"]!);
        // hashlib.sha256(json.dumps({"scalar":{"primitive":{"floatValue":1.0}}}, sort_keys=True, separators=(",",":"))) in base64, as flytekit computes it.
        Assert.Equal("zPa7ufcGPRCiaI0rR+R4fh1bogFQWi02kQx41rYPLAs=", (string)pointer["hash"]!);
        Assert.Equal(new Primitive.FloatValue(1.0), ProtoSerializer.LiteralFromBytes(File.ReadAllBytes(Path.Combine(outputPrefix, "o0_offloaded_metadata.pb"))).Value);

        // The next task gets the pointer as its input, as propeller hands it on.
        var next = Path.Combine(_dir, "n1-inputs.pb");
        var pointerLiteral = ProtoSerializer.LiteralMapFromBytes(File.ReadAllBytes(Path.Combine(outputPrefix, "outputs.pb"))).Literals["o0"];
        await File.WriteAllBytesAsync(next, new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", pointerLiteral)).ToBytes());
        var second = await Entrypoint.ExecuteAsync(new EntrypointOptions(next, Path.Combine(_dir, "n1"), Path.Combine(_dir, "raw")) { Offloading = null }, Same.Spec, Engine);
        Assert.Equal(new Primitive.FloatValue(1.0), second.Outputs!.Literals["o0"].Value);
    }

    [Fact]
    public async Task An_output_from_the_maximum_is_a_non_recoverable_user_error_naming_it()
    {
        var inputs = await OneFloatInputs();

        var result = await Entrypoint.ExecuteAsync(new EntrypointOptions(inputs, Path.Combine(_dir, "out"), Path.Combine(_dir, "raw")) { Offloading = new LiteralOffloading(0, 5) },
            Same.Spec, Engine);

        Assert.Equal((Pb.ExecutionError.Types.ErrorKind.User, Pb.ContainerError.Types.Kind.NonRecoverable), (result.Error!.Origin, result.Error.Kind));
        Assert.Contains("Literal o0 is too large to be offloaded", result.Error.Message);
    }

    [Fact]
    public void Thresholds_are_read_as_flytekit_reads_them()
    {
        Assert.Null(LiteralOffloading.FromEnvironment(_ => null));
        Assert.Equal(new LiteralOffloading(10L << 20, 1000L << 20),
            LiteralOffloading.FromEnvironment(n => n == LiteralOffloading.MinSizeVariable ? "10" : null));
        Assert.Equal(new LiteralOffloading(0, null),
            LiteralOffloading.FromEnvironment(n => n == LiteralOffloading.MinSizeVariable ? "0" : "-1"));
    }

    [Theory]
    // Each expected value is Python's base64(sha256(json.dumps(d, sort_keys=True, separators=(",", ":")))).
    [InlineData("""{"scalar":{"primitive":{"floatValue":1.0}}}""", "zPa7ufcGPRCiaI0rR+R4fh1bogFQWi02kQx41rYPLAs=")]
    [InlineData("""{"scalar":{"primitive":{"stringValue":"h\u00e9llo"}}}""", "GjJQeYaP9tHgLMMcXFvsCc2wFUuALCi7dtIGC3vwWwc=")]
    [InlineData("""{"scalar":{"primitive":{"floatValue":1e+16}}}""", "2Uig6Zx0m3ZlfUoTeGculEYtRDvnvdC3I3JigcnkNRU=")]
    [InlineData("""{"scalar":{"primitive":{"floatValue":1e-05}}}""", "FYP5QGvlPwB+TI8pKxxha6R9rFT2x9xbypjVt1iyHxg=")]
    public void The_hash_is_flytekits_compute_hash_string(string python, string expected)
    {
        var literal = Pb.Literal.Parser.ParseJson(python);
        Assert.Equal(python, LiteralHash.CanonicalJson(literal));
        Assert.Equal(expected, LiteralHash.Of(literal));
    }
}
