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

public sealed class EntrypointTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "flyte-entrypoint-tests", Guid.NewGuid().ToString("N"));

    public EntrypointTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "data", "0");

    private EntrypointOptions Options(string inputs) => new(inputs, Out, Path.Combine(_dir, "raw"))
    {
        CheckpointPath = "{{.checkpointOutputPrefix}}", PrevCheckpoint = "\"\"",
    };

    private string WriteInputs(byte[] bytes)
    {
        var path = Path.Combine(_dir, "data", "inputs.pb");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static JsonObject StringOutput(string text) => new()
    {
        ["literals"] = new JsonObject { ["o0"] = new JsonObject { ["scalar"] = new JsonObject { ["primitive"] = new JsonObject { ["stringValue"] = text } } } },
    };

    [Fact]
    public async Task Inputs_written_by_the_javascript_classes_run_summarize_results_and_give_flytekits_outputs()
    {
        // A PredictionSummary as flytekit sends a dataclass: msgpack bytes in scalar.binary, tag "msgpack".
        var inputs = FlyteidlJs.Encode("flyteidl.core.LiteralMap", JsonNode.Parse("""
            {"literals": {"summary": {"scalar": {"binary": {"tag": "msgpack", "value": {"$msgpack":
              {"predictions": [9.5, 19.25], "average": 14.375, "count": 2, "batch_id": "b1"}}}}}}}
            """)!);

        var result = await Entrypoint.ExecuteAsync(Options("file://" + WriteInputs(inputs)), SummarizeResults.Spec, Engine);

        Assert.True(result.Succeeded);
        var expected = FlyteidlJs.Encode("flyteidl.core.LiteralMap", StringOutput("Batch b1: 2 predictions, average 14.375"));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(Out, "outputs.pb")));
        Assert.False(File.Exists(Path.Combine(Out, "error.pb")));
    }

    [Fact]
    public async Task Predict_one_reads_a_msgpack_request_and_writes_a_float()
    {
        var inputs = FlyteidlJs.Encode("flyteidl.core.LiteralMap", JsonNode.Parse("""
            {"literals": {"request": {"scalar": {"binary": {"tag": "msgpack", "value": {"$msgpack": {"feature_a": 1.5, "feature_b": 2.25}}}}}}}
            """)!);

        await Entrypoint.ExecuteAsync(Options(WriteInputs(inputs)), PredictOne.Spec, Engine);

        var expected = FlyteidlJs.Encode("flyteidl.core.LiteralMap", JsonNode.Parse("""
            {"literals": {"o0": {"scalar": {"primitive": {"floatValue": 10.75}}}}}
            """)!);
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(Out, "outputs.pb")));
    }

    [Fact]
    public async Task A_task_without_outputs_writes_an_empty_map()
    {
        var ran = false;
        var noop = FlyteTask.Define("noop", () => { ran = true; }, Engine);

        await Entrypoint.ExecuteAsync(Options(WriteInputs(new LiteralMap(ValueMap<Literal>.Empty).ToBytes())), noop.Spec, Engine);

        Assert.True(ran);
        Assert.Empty(File.ReadAllBytes(Path.Combine(Out, "outputs.pb")));
    }

    private async Task<Pb.ContainerError> ErrorOf(TaskSpec task, string? inputs = null)
    {
        var result = await Entrypoint.ExecuteAsync(Options(inputs ?? WriteInputs(new LiteralMap(new([KeyValuePair.Create("x", new Literal(new Primitive.Integer(1)))])).ToBytes())),
            task, Engine);
        Assert.False(result.Succeeded);
        Assert.False(File.Exists(Path.Combine(Out, "outputs.pb")));
        var written = Pb.ErrorDocument.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Out, "error.pb"))).Error;
        Assert.Equal(result.Error, written);
        return written;
    }

    [Fact]
    public async Task A_user_error_is_non_recoverable_with_user_origin()
    {
        var error = await ErrorOf(FlyteTask.Define("broken", (long x) => x > 0 ? throw new InvalidOperationException("bug in user code") : x, Engine).Spec);

        Assert.Equal(("USER:RuntimeError", Pb.ContainerError.Types.Kind.NonRecoverable, Pb.ExecutionError.Types.ErrorKind.User),
            (error.Code, error.Kind, error.Origin));
        // flytekit's get_traceback_str: the trace indented under "Trace:", then the type and message under "Message:".
        Assert.StartsWith("Trace:\n\n    System.InvalidOperationException: bug in user code\n       at ", error.Message);
        Assert.EndsWith("\n\nMessage:\n\n    InvalidOperationException: bug in user code", error.Message);
    }

    [Fact]
    public async Task A_recoverable_user_error_is_recoverable()
    {
        var error = await ErrorOf(FlyteTask.Define("flaky", (long x) => x > 0 ? throw new FlyteRecoverableException("service unavailable") : x, Engine).Spec);

        Assert.Equal(("USER:Recoverable", Pb.ContainerError.Types.Kind.Recoverable, Pb.ExecutionError.Types.ErrorKind.User),
            (error.Code, error.Kind, error.Origin));
    }

    [Fact]
    public async Task System_errors_are_recoverable_with_system_origin()
    {
        var fromBody = await ErrorOf(FlyteTask.Define("shaky", (long x) => x > 0 ? throw new FlyteSystemException("disk full") : x, Engine).Spec);
        Assert.Equal(("SYSTEM", Pb.ContainerError.Types.Kind.Recoverable, Pb.ExecutionError.Types.ErrorKind.System),
            (fromBody.Code, fromBody.Kind, fromBody.Origin));
        Assert.EndsWith("\nMessage:\n\n    FlyteSystemException: disk full", fromBody.Message);

        var missingInputs = await ErrorOf(AddOne.Spec, Path.Combine(_dir, "nowhere", "inputs.pb"));
        Assert.Equal((Pb.ContainerError.Types.Kind.Recoverable, Pb.ExecutionError.Types.ErrorKind.System), (missingInputs.Kind, missingInputs.Origin));
        Assert.Contains("nowhere", missingInputs.Message);
    }

    [Fact]
    public void Unrendered_placeholders_and_an_empty_previous_checkpoint_are_unset()
    {
        Assert.Null(EntrypointOptions.Unset("{{.prevCheckpointPrefix}}"));
        Assert.Null(EntrypointOptions.Unset("{{ .checkpointOutputPrefix }}"));
        Assert.Null(EntrypointOptions.Unset("\"\""));
        Assert.Null(EntrypointOptions.Unset(""));
        Assert.Equal("s3://b/ckpt", EntrypointOptions.Unset("s3://b/ckpt"));
        Assert.Throws<ArgumentException>(() => new EntrypointOptions("{{.input}}", "/out", "/raw").Normalized());
    }

    [Fact]
    public async Task The_task_sees_its_storage_with_unset_values_as_null()
    {
        TaskStorage? seen = null;
        var probe = FlyteTask.Define("probe", (long x) =>
        {
            seen = TaskExecutionContext.Current!.Services.Get<TaskStorage>();
            return x;
        }, Engine);

        await Entrypoint.ExecuteAsync(Options(WriteInputs(new LiteralMap(new([KeyValuePair.Create("x", new Literal(new Primitive.Integer(1)))])).ToBytes())),
            probe.Spec, Engine);

        Assert.NotNull(seen);
        Assert.Equal((Path.Combine(_dir, "raw"), null, null), (seen.RawOutputPrefix, seen.CheckpointPath, seen.PrevCheckpoint));
        Assert.IsType<BlobStoreRouter>(seen.Store);
    }
}
