using Flyte.Compile;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Flyteidl.Admin;
using Google.Protobuf;
using Xunit;
using Core = Flyteidl.Core;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;
using NodePhase = Flyteidl.Core.NodeExecution.Types.Phase;
using Task = System.Threading.Tasks.Task;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;

namespace Flyte.Tests.Admin;

/// <summary>The typed remote API against the fake, over gRPC.</summary>
public sealed class FlyteRemoteGrpcTests() : FlyteRemoteTests(AdminTransport.Grpc);

/// <summary>The same, over the REST gateway.</summary>
public sealed class FlyteRemoteRestTests() : FlyteRemoteTests(AdminTransport.Rest);

/// <summary>
/// <see cref="FlyteRemote"/>: fetching registered entities (latest and by version) with their interfaces, executing them
/// with typed inputs, waiting with progress and a timeout, typed outputs (inline and by URL), node executions with
/// children, terminate and relaunch; and the errors for unknown entities and wrong inputs.
/// </summary>
public abstract class FlyteRemoteTests : IDisposable
{
    private readonly AdminTransport transport;
    private readonly FakeFlyteAdmin admin = new();
    private readonly FlyteAdminClient client;
    private readonly FlyteRemote remote;

    // The tasks and workflow of the client's own tests: add_one, show, and chain (x → show(add_one(add_one(x)))).
    private static readonly FlyteTask<long, long> AddOne = FlyteAdminTests.AddOne;
    private static readonly WorkflowSpec Chain = FlyteAdminTests.Chain;

    /// <summary>What the fake runs for an execution of the task <c>add_one</c> alone (propeller would run its container).</summary>
    private static readonly WorkflowSpec AddOneAlone = FlyteWorkflow.Define("add_one").Input<long>("x")
        .Then((b, x) => b.Call(AddOne, x)).Build();

    private static readonly RemoteWaitOptions Quick = new() { PollInterval = TimeSpan.FromMilliseconds(1) };

    protected FlyteRemoteTests(AdminTransport transport)
    {
        this.transport = transport;
        client = new FlyteAdminClient(admin.Config(transport));
        remote = new FlyteRemote(client);
    }

    public void Dispose()
    {
        remote.Dispose();
        client.Dispose();
        admin.Dispose();
        Assert.Empty(admin.Problems);
    }

    private async Task RegisterAsync(string version, params WorkflowSpec[] workflows) =>
        await client.RegisterAsync(Registration.Compile([], workflows, CompileOptions.Default with { Version = version }));

    [Fact]
    public async Task Fetches_the_latest_version_or_the_one_named_with_its_typed_interface()
    {
        await RegisterAsync("v1", Chain);
        await RegisterAsync("v2", Chain);

        var latest = await remote.FetchWorkflowAsync("chain");
        var first = await remote.FetchTaskAsync("add_one", "v1");
        var plan = await remote.FetchLaunchPlanAsync("chain");
        var task = await remote.FetchTaskAsync("show");

        Assert.Equal(("chain", "v2", Core.ResourceType.Workflow), (latest.Id.Name, latest.Id.Version, latest.Kind));
        Assert.Equal("WORKFLOW flytesnacks/development/chain@v2", latest.ToString());
        Assert.Equal(("v1", Core.ResourceType.Task), (first.Id.Version, first.Kind));
        Assert.Equal(("v2", Core.ResourceType.LaunchPlan), (plan.Id.Version, plan.Kind));
        Assert.Equal("v2", task.Id.Version);
        var integer = new LiteralType(new TypeKind.Simple(SimpleType.Integer));
        Assert.Equal(integer, first.Inputs["x"].Type);
        Assert.True(plan.Inputs["x"].Required);
        Assert.Equal(integer, plan.Inputs["x"].Type);
        Assert.Equal(new LiteralType(new TypeKind.Simple(SimpleType.String)), plan.Outputs["o0"]);
        Assert.Equal(new LiteralType(new TypeKind.Simple(SimpleType.String)), latest.Outputs["o0"]);
        Assert.IsType<Flyteidl.Admin.Task>(first.Admin);
        // The latest version came from a listing sorted newest first, as flytekit asks for it.
        Assert.Contains(admin.Requests, r => r == (transport == AdminTransport.Grpc ? "gRPC ListWorkflows" : "GET /api/v1/workflows/flytesnacks/development/chain"));
    }

    [Fact]
    public async Task An_unknown_entity_is_a_not_found_error_naming_it()
    {
        await RegisterAsync("v1", Chain);

        var none = await Assert.ThrowsAsync<FlyteEntityNotFoundException>(() => remote.FetchTaskAsync("nope"));
        var version = await Assert.ThrowsAsync<FlyteEntityNotFoundException>(() => remote.FetchWorkflowAsync("chain", "v9"));
        var plan = await Assert.ThrowsAsync<FlyteEntityNotFoundException>(() => remote.FetchLaunchPlanAsync("chain", project: "other"));
        var execution = await Assert.ThrowsAsync<FlyteEntityNotFoundException>(() => remote.FetchExecutionAsync("f9999"));

        Assert.Equal("TASK flytesnacks/development/nope (any version)", none.Entity);
        Assert.StartsWith("TASK flytesnacks/development/nope (any version) is not registered on FlyteAdmin", none.Message);
        Assert.Equal("WORKFLOW flytesnacks/development/chain@v9", version.Entity);
        Assert.Contains("chain@v9 is not registered", version.Message);
        Assert.Equal(GrpcStatusCode.NOT_FOUND, version.Code);
        Assert.Equal("LAUNCH_PLAN other/development/chain (any version)", plan.Entity);
        Assert.Equal("execution flytesnacks/development/f9999", execution.Entity);
    }

    [Fact]
    public async Task Executes_a_workflow_with_typed_inputs_waits_with_progress_and_reads_typed_outputs()
    {
        await RegisterAsync("v1", Chain);
        admin.Serve(Chain);
        var workflow = await remote.FetchWorkflowAsync("chain");
        var phases = new List<Phase>();
        var nodes = new List<(string, NodePhase)>();

        var started = await remote.ExecuteAsync(workflow, new { x = 40L });
        var done = await remote.WaitAsync(started, Quick with
        {
            PhaseChanged = e => phases.Add(e.Phase),
            NodeChanged = n => nodes.Add((n.NodeId, n.Phase)),
        });

        Assert.Equal(Phase.Succeeded, done.Phase);
        Assert.True(done.IsDone);
        Assert.Equal("value 42", await done.GetOutputAsync<string>("o0"));
        var outputs = await done.GetOutputsAsync();
        Assert.Equal(new Literal(new Primitive.StringValue("value 42")), outputs.Literals["o0"]);
        // Each phase once, in order; each node heard when it appeared and when it changed.
        Assert.Equal(Phase.Succeeded, phases[^1]);
        Assert.Equal(phases.Distinct(), phases);
        Assert.Contains(Phase.Running, phases);
        Assert.Equal(["n0", "n1", "n2"], nodes.Where(n => n.Item2 == NodePhase.Succeeded).Select(n => n.Item1));
        // A workflow runs through its default launch plan, as flytekit does.
        var request = admin.CreateRequestOf(done.Id.Name);
        Assert.Equal(Core.ResourceType.LaunchPlan, request.Spec.LaunchPlan.ResourceType);
        Assert.Equal("v1", request.Spec.LaunchPlan.Version);
        Assert.Equal(40L, request.Inputs.Literals["x"].Scalar.Primitive.Integer);
        Assert.Equal(ExecutionMetadata.Types.ExecutionMode.Manual, request.Spec.Metadata.Mode);
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => done.GetOutputAsync<string>("o1"));
        Assert.Contains("its outputs: o0", missing.Message);
    }

    [Fact]
    public async Task Executes_a_task_alone_and_fetches_an_execution_by_name_with_typed_outputs()
    {
        await RegisterAsync("v1", Chain);
        admin.Serve(AddOneAlone);
        var task = await remote.FetchTaskAsync("add_one");

        var done = await remote.WaitAsync(await remote.ExecuteAsync(task, new Dictionary<string, object?> { ["x"] = 1L },
            new RemoteExecuteOptions { Name = "one-task" }), Quick);
        var fetched = await remote.FetchExecutionAsync("one-task");

        Assert.Equal("one-task", done.Id.Name);
        Assert.Equal(2L, await done.GetOutputAsync<long>("o0"));
        Assert.Equal(Core.ResourceType.Task, admin.CreateRequestOf("one-task").Spec.LaunchPlan.ResourceType);
        Assert.Equal(Phase.Succeeded, fetched.Phase);
        Assert.Equal(task.Id, fetched.Entity!.Id);
        Assert.Equal(2L, await fetched.GetOutputAsync<long>("o0"));
    }

    [Fact]
    public async Task A_wrong_missing_or_unknown_input_is_refused_before_anything_is_sent()
    {
        await RegisterAsync("v1", Chain);
        var task = await remote.FetchTaskAsync("add_one");
        var plan = await remote.FetchLaunchPlanAsync("chain");

        var wrong = await Assert.ThrowsAsync<RemoteInputException>(() => remote.ExecuteAsync(task, new { x = "one" }));
        var real = await Assert.ThrowsAsync<RemoteInputException>(() => remote.ExecuteAsync(plan, new { x = 1.5 }));
        var missing = await Assert.ThrowsAsync<RemoteInputException>(() => remote.ExecuteAsync(plan, new { }));
        var unknown = await Assert.ThrowsAsync<RemoteInputException>(() => remote.ExecuteAsync(task, new { x = 1L, y = 2L }));

        Assert.Equal(("x", "INTEGER"), (wrong.Input, wrong.ExpectedType));
        Assert.StartsWith("TASK flytesnacks/development/add_one@v1: input 'x' expects Flyte type INTEGER, but the value given is a System.String (Flyte type STRING)", wrong.Message);
        Assert.Contains("input 'x' expects Flyte type INTEGER, but the value given is a System.Double (Flyte type FLOAT)", real.Message);
        Assert.Equal("LAUNCH_PLAN flytesnacks/development/chain@v1: input 'x' is required (Flyte type INTEGER) but was not given.", missing.Message);
        Assert.Equal(("y", null), (unknown.Input, unknown.ExpectedType));
        Assert.Contains("input 'y' is not an input of it (its inputs: x: INTEGER)", unknown.Message);
        Assert.Equal(0, admin.ExecutionCount);
        Assert.DoesNotContain(admin.Requests, r => r.Contains("CreateExecution", StringComparison.Ordinal) || r == "POST /api/v1/executions");
    }

    [Fact]
    public async Task Waiting_past_the_timeout_is_a_timeout_and_terminate_aborts_the_execution()
    {
        await ServeHangingAsync();
        var started = await remote.ExecuteAsync(await remote.FetchLaunchPlanAsync("hanging"), new { x = 1L });

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() =>
            remote.WaitAsync(started, Quick with { PollInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(300) }));
        await remote.TerminateAsync(started, "no longer needed");
        var after = await remote.SyncAsync(started);

        Assert.Contains($"Execution flytesnacks/development/{started.Id.Name} did not finish within", timeout.Message);
        Assert.Contains("keeps running on the cluster", timeout.Message);
        Assert.Equal("no longer needed", admin.Terminated[started.Id.Name]);
        Assert.Equal(Phase.Aborted, after.Phase);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => after.GetOutputsAsync());
        Assert.Contains("has no outputs: it ended in Aborted", error.Message);
    }

    [Fact]
    public async Task Outputs_admin_returns_by_url_are_read_from_the_store()
    {
        await RegisterAsync("v1", Chain);
        admin.Serve(Chain);
        var folder = Directory.CreateTempSubdirectory("flyte-remote-outputs-").FullName;
        try
        {
            admin.OutputsByUrlIn(folder);

            var done = await remote.WaitAsync(await remote.ExecuteAsync(await remote.FetchWorkflowAsync("chain"), new { x = 1L }), Quick);

            Assert.Equal("value 3", await done.GetOutputAsync<string>("o0"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Lists_node_executions_with_the_children_of_parent_nodes()
    {
        var add = FlyteTask.Define("add", (long a, long b) => a + b);
        var inner = FlyteWorkflow.Define("inner").Input<long>("x").Then((b, x) => b.Call(AddOne, b.Call(AddOne, x))).Build();
        var outer = FlyteWorkflow.Define("outer").Input<long>("x").Then((b, x) => b.Call(add, b.Subworkflow<long>(inner, x), x)).Build();
        await RegisterAsync("v1", outer);
        admin.Serve(outer);

        var done = await remote.WaitAsync(await remote.ExecuteAsync(await remote.FetchWorkflowAsync("outer"), new { x = 5L }), Quick);
        var nodes = await remote.ListNodeExecutionsAsync(done);
        var flat = await remote.ListNodeExecutionsAsync(done, includeChildren: false);

        Assert.Equal(12L, await done.GetOutputAsync<long>("o0"));
        Assert.Equal(["n0", "n1"], nodes.Select(n => n.NodeId));
        Assert.All(nodes, n => Assert.Equal(NodePhase.Succeeded, n.Phase));
        var parent = Assert.Single(nodes, n => n.IsParent);
        Assert.Equal(["n0", "n1"], parent.Children.Select(c => c.SpecNodeId));
        Assert.Equal([$"{parent.NodeId}-0-n0", $"{parent.NodeId}-0-n1"], parent.Children.Select(c => c.NodeId));
        Assert.All(parent.Children, c => Assert.True(c.IsDone));
        Assert.All(flat, n => Assert.Empty(n.Children));
    }

    [Fact]
    public async Task Relaunch_starts_a_new_execution_with_the_same_inputs()
    {
        await RegisterAsync("v1", Chain);
        admin.Serve(Chain);
        var first = await remote.WaitAsync(await remote.ExecuteAsync(await remote.FetchWorkflowAsync("chain"), new { x = 10L }), Quick);

        var again = await remote.WaitAsync(await remote.RelaunchAsync(first, name: "again"), Quick);

        Assert.Equal("again", again.Id.Name);
        Assert.NotEqual(first.Id.Name, again.Id.Name);
        Assert.Equal("value 12", await again.GetOutputAsync<string>("o0"));
        var request = admin.CreateRequestOf("again");
        Assert.Equal(ExecutionMetadata.Types.ExecutionMode.Relaunch, request.Spec.Metadata.Mode);
        Assert.Equal(first.Id, request.Spec.Metadata.ReferenceExecution);
        Assert.Equal(10L, request.Inputs.Literals["x"].Scalar.Primitive.Integer);
        var unknown = await Assert.ThrowsAsync<FlyteAdminException>(() => client.RelaunchExecutionAsync(
            new Core.WorkflowExecutionIdentifier { Project = "flytesnacks", Domain = "development", Name = "f9999" }));
        Assert.Equal(GrpcStatusCode.NOT_FOUND, unknown.Code);
    }

    [Fact]
    public async Task A_failed_execution_is_returned_with_its_error_and_its_failed_node()
    {
        var broken = FlyteTask.Define("broken", (long x) => x > 0 ? throw new InvalidOperationException("no positive numbers") : x);
        var wf = FlyteWorkflow.Define("breaking").Input<long>("x").Then((b, x) => b.Call(broken, x)).Build();
        await RegisterAsync("v1", wf);
        admin.Serve(wf);
        var failedNodes = new List<RemoteNodeExecution>();

        var done = await remote.WaitAsync(await remote.ExecuteAsync(await remote.FetchWorkflowAsync("breaking"), new { x = 1L }),
            Quick with { NodeChanged = n => { if (n.Phase == NodePhase.Failed) failedNodes.Add(n); } });

        Assert.Equal(Phase.Failed, done.Phase);
        Assert.Equal("USER:InvalidOperationException", done.Error!.Code);
        Assert.Contains("no positive numbers", done.Error.Message);
        var node = Assert.Single(failedNodes);
        Assert.Equal("n0", node.NodeId);
        Assert.Contains("no positive numbers", node.Error!.Message);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => done.GetOutputAsync<long>("o0"));
        Assert.Contains("it ended in Failed (USER:InvalidOperationException:", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_the_wait_and_not_the_execution()
    {
        await ServeHangingAsync();
        var started = await remote.ExecuteAsync(await remote.FetchWorkflowAsync("hanging"), new { x = 1L });
        using var cancel = new CancellationTokenSource();
        var running = new TaskCompletionSource();

        var wait = remote.WaitAsync(started, Quick with { PollInterval = TimeSpan.FromMilliseconds(10), PhaseChanged = e =>
        {
            if (e.Phase == Phase.Running) running.TrySetResult();
        } }, cancel.Token);
        await running.Task;
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Empty(admin.Terminated);
        Assert.Equal(Phase.Running, (await remote.SyncAsync(started)).Phase);
        await remote.TerminateAsync(started, "test over");
    }

    /// <summary>Registers and serves workflow <c>hanging</c>, whose one task never ends.</summary>
    private async Task ServeHangingAsync()
    {
        var hang = FlyteTask.Define("hang", async (long x) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan);
            return x;
        });
        var wf = FlyteWorkflow.Define("hanging").Input<long>("x").Then((b, x) => b.Call(hang, x)).Build();
        await RegisterAsync("v1", wf);
        admin.Serve(wf);
    }
}
