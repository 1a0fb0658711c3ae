using Flyte.Compile;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.LocalCluster;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Tests.Execution;
using Flyte.Tests.Storage;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.LocalCluster;

/// <summary>The interpreter behaviour suite, run through the local cluster's storage layout and container contract.</summary>
public sealed class LocalClusterBehaviour : InterpreterBehaviour, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flyte-cluster-tests", Guid.NewGuid().ToString("N"));

    protected override IWorkflowInterpreter CreateInterpreter(InterpreterOptions options) =>
        new LocalClusterInterpreter(options, new LocalClusterOptions { MetadataRoot = _root });

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

public sealed class LocalClusterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flyte-cluster-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static WorkflowSpec BatchWorkflow() =>
        FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => (summary, b.Call(SummarizeResults, summary), b.Call(Describe, summary.Field<double>("average"))))
            .Build();

    [Fact]
    public async Task Data_moves_through_propellers_layout()
    {
        var cluster = new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine }, new LocalClusterOptions { MetadataRoot = _root });

        var result = await cluster.RunAsync(BatchWorkflow(), new { batch = Batch });

        var exec = cluster.LastExecutionRoot!;
        Assert.StartsWith(Path.Combine(_root, "flytesnacks-development-f"), exec);
        var start = ProtoSerializer.LiteralMapFromBytes(File.ReadAllBytes(Path.Combine(exec, "start-node", "data", "0", "outputs.pb")));
        Assert.Equal(["batch"], start.Literals.Keys);
        var n2Inputs = ProtoSerializer.LiteralMapFromBytes(File.ReadAllBytes(Path.Combine(exec, "n2", "data", "inputs.pb")));
        Assert.Equal(new Primitive.FloatValue(14.0), n2Inputs.Literals["average"].Value);
        var n1Outputs = ProtoSerializer.LiteralMapFromBytes(File.ReadAllBytes(Path.Combine(exec, "n1", "data", "0", "outputs.pb")));
        Assert.Equal(result.Outputs.Literals["o1"], n1Outputs.Literals["o0"]);
    }

    [Fact]
    public async Task Gives_the_same_outputs_as_the_local_interpreter_on_the_seed_workflow()
    {
        var options = InterpreterOptions.Default with { Engine = Engine };
        var local = await new LocalInterpreter(options).RunAsync(BatchWorkflow(), new { batch = Batch });
        var cluster = await new LocalClusterInterpreter(options, new LocalClusterOptions { MetadataRoot = _root }).RunAsync(BatchWorkflow(), new { batch = Batch });

        Assert.Equal(local.Outputs, cluster.Outputs);
        Assert.Equal(local.Nodes.Select(n => (n.NodeId, n.Inputs, n.Outputs)), cluster.Nodes.Select(n => (n.NodeId, n.Inputs, n.Outputs)));
    }

    [Fact]
    public async Task Each_attempt_has_its_own_output_folder_and_failed_attempts_leave_their_error()
    {
        var attempts = 0;
        var flaky = FlyteTask.Define("flaky", (long x) =>
            Interlocked.Increment(ref attempts) < 2 ? throw new FlyteRecoverableException("service unavailable") : x * 10, Engine).WithRetries(1);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(flaky, x)).Build();
        var cluster = new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine }, new LocalClusterOptions { MetadataRoot = _root });

        await cluster.RunAsync(wf, new { x = 4L });

        var data = Path.Combine(cluster.LastExecutionRoot!, "n0", "data");
        var error = Pb.ErrorDocument.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(data, "0", "error.pb"))).Error;
        Assert.Equal(("USER:Recoverable", Pb.ContainerError.Types.Kind.Recoverable), (error.Code, error.Kind));
        Assert.EndsWith("Message:\n\n    FlyteRecoverableException: service unavailable", error.Message);
        Assert.False(File.Exists(Path.Combine(data, "0", "outputs.pb")));
        Assert.True(File.Exists(Path.Combine(data, "1", "outputs.pb")));
    }

    [Fact]
    public async Task A_user_error_from_error_pb_keeps_its_code()
    {
        var broken = FlyteTask.Define("broken", (long x) => x > 0 ? throw new ArgumentException("no") : x, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(broken, x)).Build();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() =>
            new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine }, new LocalClusterOptions { MetadataRoot = _root })
                .RunAsync(wf, new { x = 1L }));

        var container = Assert.IsType<ContainerTaskException>(error.InnerException);
        Assert.Equal(("USER:RuntimeError", Pb.ExecutionError.Types.ErrorKind.User), (container.Error.Code, container.Error.Origin));
        Assert.EndsWith("Message:\n\n    ArgumentException: no", container.Error.Message);
    }

    [Fact]
    public async Task A_launch_that_exits_non_zero_is_a_retried_system_failure()
    {
        var launcher = new FailingThenInProcess(failures: 2, BlobStoreRouter.Local);
        var cluster = new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine },
            new LocalClusterOptions { MetadataRoot = _root, Launcher = launcher });
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(AddOne, x)).Build();

        var result = await cluster.RunAsync(wf, new { x = 1L });

        Assert.Equal((2L, 3), (await result.OutputsAsync<long>(Engine), result.Node("n0").Attempts));
        Assert.Equal(["0", "\"\"", "1", "2"], launcher.Seen.Take(4));
    }

    /// <summary>Exits 137 (as an OOM-killed pod) a few times, then runs the entrypoint; records attempt numbers and the first prev-checkpoint.</summary>
    private sealed class FailingThenInProcess(int failures, IBlobStore store) : ITaskLauncher
    {
        private readonly InProcessTaskLauncher _inner = new(store, Engine);
        private int _calls;

        public List<string> Seen { get; } = [];

        public async Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
        {
            Seen.Add(launch.Environment["FLYTE_ATTEMPT_NUMBER"]);
            if (_calls == 0) Seen.Add(launch.Options.PrevCheckpoint!);
            return _calls++ < failures ? new LaunchResult(137, "OOMKilled", []) : await _inner.LaunchAsync(launch, cancellationToken);
        }
    }

    [Fact]
    public async Task A_raw_container_runs_as_a_local_process_with_copilots_folders()
    {
        var iface = new TypedInterface(
            new([new Variable("x", LiteralType.Of(SimpleType.Integer)), new Variable("name", LiteralType.Of(SimpleType.String))]),
            new([new Variable("o0", LiteralType.Of(SimpleType.Integer)), new Variable("o1", LiteralType.Of(SimpleType.String))]));
        var square = new RawContainerTask("square", "alpine:3", ["sh", "-c"], iface)
        {
            Arguments = ["echo $(( $(cat /var/inputs/x) * {{.inputs.x}} )) > /var/outputs/o0; printf 'hi %s' \"$(cat /var/inputs/name)\" > /var/outputs/o1"],
        }.ToTaskSpec();
        static BindingData Ref(string node, string var) => new BindingData.Reference(new Promise(node, var));
        var wf = new WorkflowSpec("wf", new TypedInterface(iface.Inputs, iface.Outputs),
            new([new Node("n0", new NodeTarget.TaskTarget(square), new([new Binding("x", Ref("start-node", "x")), new Binding("name", Ref("start-node", "name"))]),
                ValueList<string>.Empty)]),
            new([new Binding("o0", Ref("n0", "o0")), new Binding("o1", Ref("n0", "o1"))]));

        var result = await new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine }, new LocalClusterOptions { MetadataRoot = _root })
            .RunAsync(wf, new { x = 7L, name = "flyte" });

        Assert.Equal(new Primitive.Integer(49), result.Outputs.Literals["o0"].Value);
        Assert.Equal(new Primitive.StringValue("hi flyte"), result.Outputs.Literals["o1"].Value);
    }

    [Fact]
    public async Task A_raw_container_that_writes_ERROR_fails_with_a_user_error()
    {
        var iface = new TypedInterface(new([new Variable("x", LiteralType.Of(SimpleType.Integer))]), new([new Variable("o0", LiteralType.Of(SimpleType.Integer))]));
        var failing = new RawContainerTask("failing", "alpine:3", ["sh", "-c", "echo 'x must be even' > /var/outputs/_ERROR"], iface).ToTaskSpec();
        var inputs = new LiteralMap(new([KeyValuePair.Create("x", new Literal(new Primitive.Integer(3)))]));

        var error = await Assert.ThrowsAsync<RawContainerException>(() => failing.ExecuteAsync(inputs, new TaskExecutionContext("n0")));

        Assert.Equal("x must be even", error.Message);
    }
}

[Collection(MotoCollection.Name)]
public sealed class LocalClusterOnS3Tests(MotoServerFixture moto)
{
    [Fact]
    public async Task Runs_with_metadata_and_raw_outputs_on_s3()
    {
        using var s3 = new S3BlobStore(moto.Options);
        var store = BlobStoreRouter.Local.With(S3BlobStore.Scheme, s3);
        var root = $"s3://{moto.Bucket}/metadata/{Guid.NewGuid():N}";
        var cluster = new LocalClusterInterpreter(InterpreterOptions.Default with { Engine = Engine },
            new LocalClusterOptions { MetadataRoot = root, Store = store });
        var wf = FlyteWorkflow.Define("batch_wf", Engine).Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(SummarizeResults, b.Call(ProcessBatch, batch))).Build();

        var text = await cluster.RunAsync<string>(wf, new { batch = Batch });

        Assert.Equal("Batch test_batch: 2 predictions, average 14", text);
        var objects = await store.ListAllAsync(cluster.LastExecutionRoot!);
        Assert.Contains(cluster.LastExecutionRoot + "/start-node/data/0/outputs.pb", objects);
        Assert.Contains(cluster.LastExecutionRoot + "/n1/data/inputs.pb", objects);
        Assert.Contains(cluster.LastExecutionRoot + "/n1/data/0/outputs.pb", objects);
    }
}
