using Flyte.Compile;
using Flyte.Execution;
using Flyte.Proto;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Flyteidl.Admin;
using Google.Protobuf;
using Xunit;
using Core = Flyteidl.Core;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;
using Task = System.Threading.Tasks.Task;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;

namespace Flyte.Tests.Admin;

/// <summary>The Admin client and the remote interpreter against the fake, over gRPC.</summary>
public sealed class FlyteAdminGrpcTests() : FlyteAdminTests(AdminTransport.Grpc);

/// <summary>The same, over the REST gateway.</summary>
public sealed class FlyteAdminRestTests() : FlyteAdminTests(AdminTransport.Rest);

/// <summary>Registration, executions, errors and outputs through <see cref="FlyteAdminClient"/>, the same over each transport.</summary>
public abstract class FlyteAdminTests : IDisposable
{
    private readonly AdminTransport transport;
    private readonly FakeFlyteAdmin admin = new();
    private readonly FlyteAdminClient client;

    internal static readonly FlyteTask<long, long> AddOne = FlyteTask.Define("add_one", (long x) => x + 1);
    internal static readonly FlyteTask<long, string> Show = FlyteTask.Define("show", (long x) => $"value {x}");

    internal static readonly WorkflowSpec Chain = FlyteWorkflow.Define("chain").Input<long>("x")
        .Then((b, x) => b.Call(Show, b.Call(AddOne, b.Call(AddOne, x)))).Build();

    protected FlyteAdminTests(AdminTransport transport)
    {
        this.transport = transport;
        client = new FlyteAdminClient(admin.Config(transport));
    }

    public void Dispose()
    {
        client.Dispose();
        admin.Dispose();
        Assert.Empty(admin.Problems);
    }

    private RemoteInterpreter Interpreter(FlyteAdminClient? with = null) =>
        new(with ?? client, new RemoteOptions { Project = "flytesnacks", Domain = "development", PollInterval = TimeSpan.FromMilliseconds(1) });

    private static Core.Identifier TaskId(string name, string version) => new()
        { ResourceType = Core.ResourceType.Task, Project = "flytesnacks", Domain = "development", Name = name, Version = version };

    private static TaskCreateRequest TaskRequest(string name, string version, Core.SimpleType input)
    {
        var id = TaskId(name, version);
        var template = new Core.TaskTemplate
        {
            Id = id, Type = "dotnet-task",
            Interface = new Core.TypedInterface { Inputs = new Core.VariableMap(), Outputs = new Core.VariableMap() },
            Container = new Core.Container { Image = "localhost:30000/app:1", Args = { "flyte", "execute" } },
        };
        template.Interface.Inputs.Variables.Add("x", new Core.Variable { Type = new Core.LiteralType { Simple = input } });
        return new TaskCreateRequest { Id = id.Clone(), Spec = new Flyteidl.Admin.TaskSpec { Template = template } };
    }

    [Fact]
    public async Task Registers_executes_and_returns_the_outputs_with_node_records()
    {
        admin.Serve(Chain);
        var interpreter = Interpreter();

        var result = await interpreter.RunAsync(Chain, new { x = 40L });

        Assert.Equal("value 42", await result.OutputsAsync<string>(interpreter.Engine));
        Assert.Equal(["n0", "n1", "n2"], result.Nodes.Select(n => n.NodeId));
        Assert.Equal(["add_one", "add_one", "show"], result.Nodes.Select(n => n.Name));
        Assert.Equal(new Literal(new Primitive.Integer(41)), result.Node("n1").Inputs.Literals["x"]);
        Assert.Equal(new Literal(new Primitive.Integer(42)), result.Node("n1").Outputs.Literals["o0"]);

        // Two distinct tasks, then the workflow, then its default launch plan, then the execution.
        Assert.Equal(2, admin.Tasks.Count);
        Assert.Single(admin.Workflows);
        var lp = Assert.Single(admin.LaunchPlans).Value;
        Assert.True(lp.Spec.DefaultInputs.Parameters["x"].Required);
        var creates = admin.Requests.Where(r => r.StartsWith("POST", StringComparison.Ordinal) || r.StartsWith("gRPC Create", StringComparison.Ordinal)).ToList();
        Assert.Equal(transport == AdminTransport.Grpc
            ? ["gRPC CreateTask", "gRPC CreateTask", "gRPC CreateWorkflow", "gRPC CreateLaunchPlan", "gRPC CreateExecution"]
            : ["POST /api/v1/tasks", "POST /api/v1/tasks", "POST /api/v1/workflows", "POST /api/v1/launch_plans", "POST /api/v1/executions"], creates);

        // The client followed the execution through every phase.
        var name = interpreter.LastExecution!.Name;
        var phases = admin.PhasesOf(name);
        Assert.Equal([Phase.Queued, Phase.Running], phases.Take(2));
        Assert.Equal(Phase.Succeeded, phases[^1]);

        // What Admin stored reads back through the Get endpoints.
        var taskId = admin.Tasks.Values.Single(t => t.Id.Name == "add_one").Id;
        var task = await client.GetTaskAsync(taskId);
        Assert.Equal("add_one", task.Closure.CompiledTask.Template.Id.Name);
        Assert.Equal(FlyteCompiler.TaskType, task.Closure.CompiledTask.Template.Type);
        var workflow = await client.GetWorkflowAsync(admin.Workflows.Values.Single().Id);
        Assert.Equal(3, workflow.Closure.CompiledWorkflow.Primary.Template.Nodes.Count);
        var launchPlan = await client.GetLaunchPlanAsync(lp.Id);
        Assert.Equal(lp.Spec.WorkflowId, launchPlan.Spec.WorkflowId);
        var data = await client.GetExecutionDataAsync(interpreter.LastExecution);
        Assert.Equal(40L, data.FullInputs.Literals["x"].Scalar.Primitive.Integer);
    }

    [Fact]
    public async Task Registering_identical_entities_again_is_harmless()
    {
        admin.Serve(Chain);
        var interpreter = Interpreter();
        await interpreter.RunAsync(Chain, new { x = 1L });

        Assert.Equal("value 3", await interpreter.RunAsync<string>(Chain, new { x = 1L }));

        // The second run's creates were all answered 409 ALREADY_EXISTS, and nothing new was stored.
        Assert.Equal(2, admin.Tasks.Count);
        Assert.Single(admin.Workflows);
        var first = admin.Tasks.Values.First();
        Assert.Equal(RegistrationOutcome.AlreadyExisted, await client.CreateTaskAsync(first));
        var fresh = TaskRequest("other", "v1", Core.SimpleType.Integer);
        Assert.Equal(RegistrationOutcome.Created, await client.CreateTaskAsync(fresh));
    }

    [Fact]
    public async Task Different_content_under_a_registered_version_says_to_bump_the_version()
    {
        await client.CreateTaskAsync(TaskRequest("t", "v1", Core.SimpleType.Integer));

        var error = await Assert.ThrowsAsync<FlyteVersionConflictException>(
            () => client.CreateTaskAsync(TaskRequest("t", "v1", Core.SimpleType.String)));

        Assert.Equal(GrpcStatusCode.INVALID_ARGUMENT, error.Code);
        Assert.Contains("new version", error.Message);
        Assert.Contains("TASK flytesnacks/development/t@v1", error.Message);
        Assert.Equal(RegistrationOutcome.Created, await client.CreateTaskAsync(TaskRequest("t", "v2", Core.SimpleType.String)));
    }

    [Fact]
    public async Task A_workflow_whose_task_is_not_registered_is_refused()
    {
        var compiled = FlyteCompiler.CompileWorkflow(Chain);
        var registration = RemoteCompilers.Registration(compiled);

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.CreateWorkflowAsync(registration.Workflows[0]));

        Assert.IsNotType<FlyteVersionConflictException>(error);
        Assert.Equal(GrpcStatusCode.INVALID_ARGUMENT, error.Code);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Contains("INVALID_ARGUMENT", error.Message);
        Assert.Contains("missing entity of type TASK", error.Message);
        Assert.Empty(admin.Workflows);
    }

    [Fact]
    public async Task Errors_carry_the_grpc_code_of_the_answer()
    {
        var missing = new Core.WorkflowExecutionIdentifier { Project = "flytesnacks", Domain = "development", Name = "nope" };

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(missing));

        Assert.Equal(GrpcStatusCode.NOT_FOUND, error.Code);
        Assert.Contains("NOT_FOUND", error.Message);
        Assert.Contains("missing execution nope", error.ServerMessage);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListNodeExecutionsAsync(missing, 0));
    }

    [Fact]
    public async Task Node_executions_are_paged_with_the_required_limit()
    {
        admin.Serve(Chain);
        var interpreter = Interpreter();
        await interpreter.RunAsync(Chain, new { x = 1L });

        var first = await client.ListNodeExecutionsAsync(interpreter.LastExecution!, 2);
        var all = await client.ListAllNodeExecutionsAsync(interpreter.LastExecution!, pageSize: 2);

        Assert.Equal(["start-node", "n0"], first.NodeExecutions.Select(n => n.Id.NodeId));
        Assert.NotEmpty(first.Token);
        Assert.Equal(["start-node", "n0", "n1", "n2", "end-node"], all.Select(n => n.Id.NodeId));
    }

    [Fact]
    public async Task A_failed_execution_names_the_node_and_carries_the_error()
    {
        var explode = FlyteTask.Define("explode", (long x) => x > 0 ? throw new InvalidOperationException($"cannot take {x}") : x);
        var wf = FlyteWorkflow.Define("failing").Input<long>("x").Then((b, x) => b.Call(explode, b.Call(AddOne, x))).Build();
        admin.Serve(wf);
        var interpreter = Interpreter();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => interpreter.RunAsync(wf, new { x = 1L }));

        Assert.Equal("n1", error.NodeId);
        Assert.Equal("explode", error.Name);
        Assert.Equal(FailureKind.UserError, error.Kind);
        var remote = Assert.IsType<RemoteExecutionFailedException>(error.InnerException);
        Assert.Equal("cannot take 2", remote.ErrorMessage);
        Assert.Equal("USER:InvalidOperationException", remote.Code);
        Assert.Equal(Core.ExecutionError.Types.ErrorKind.User, remote.ErrorKind);
        Assert.Contains("cannot take 2", error.Message);
        Assert.Equal(Phase.Failed, admin.PhasesOf(interpreter.LastExecution!.Name)[^1]);
    }

    [Fact]
    public async Task A_system_failure_maps_to_a_system_error()
    {
        var broken = FlyteTask.Define("broken", (long x) => x < 100 ? throw new FlyteSystemException("node lost") : x);
        var wf = FlyteWorkflow.Define("sys").Input<long>("x").Then((b, x) => b.Call(broken, x)).Build();
        admin.Serve(wf);

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(wf, new { x = 1L }));

        Assert.Equal(FailureKind.SystemError, error.Kind);
        Assert.Equal("n0", error.NodeId);
        Assert.Equal(Core.ExecutionError.Types.ErrorKind.System, Assert.IsType<RemoteExecutionFailedException>(error.InnerException).ErrorKind);
    }

    [Fact]
    public async Task Inputs_travel_as_the_literal_map_the_type_engine_made()
    {
        admin.Serve(Chain);
        var interpreter = Interpreter();
        var inputs = new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Primitive.Integer(7))));

        var result = await interpreter.RunAsync(Chain, inputs);

        Assert.Equal(new Literal(new Primitive.StringValue("value 9")), result.Outputs.Literals["o0"]);
        var sent = await client.GetExecutionAsync(interpreter.LastExecution!);
        Assert.Equal(admin.LaunchPlans.Values.Single().Id, sent.Spec.LaunchPlan);
        Assert.Equal(ExecutionMetadata.Types.ExecutionMode.Manual, sent.Spec.Metadata.Mode);
        Assert.Equal(inputs, ProtoMapping.ToModel((await client.GetExecutionDataAsync(interpreter.LastExecution!)).FullInputs));
    }

    [Fact]
    public async Task Outputs_admin_did_not_inline_are_reported_not_silently_dropped()
    {
        admin.Serve(Chain);
        admin.OutputsTooLargeToInline = true;

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Interpreter().RunAsync(Chain, new { x = 1L }));

        Assert.Contains("3000000 bytes", error.Message);
        Assert.Contains("/end-node/outputs.pb", error.Message);
    }

    [Fact]
    public async Task An_unavailable_admin_is_asked_again_and_a_lasting_outage_is_unavailable()
    {
        var missing = new Core.WorkflowExecutionIdentifier { Project = "flytesnacks", Domain = "development", Name = "nope" };
        admin.UnavailableCalls = FlyteAdminClient.UnavailableAttempts - 1;

        // Retried until Admin answers: here, that the execution does not exist.
        var notFound = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(missing));
        Assert.Equal(GrpcStatusCode.NOT_FOUND, notFound.Code);
        Assert.Equal(0, admin.UnavailableCalls);

        admin.UnavailableCalls = FlyteAdminClient.UnavailableAttempts;
        var outage = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(missing));
        Assert.Equal(GrpcStatusCode.UNAVAILABLE, outage.Code);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, outage.HttpStatus);
        Assert.Contains("UNAVAILABLE", outage.Message);
    }

    [Fact]
    public async Task Creating_an_execution_is_not_repeated_after_unavailable()
    {
        var registration = RemoteCompilers.Registration(FlyteCompiler.CompileWorkflow(Chain));
        await client.RegisterAsync(new RegistrationBatch(registration.Tasks, [registration]));
        admin.UnavailableCalls = 1;

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.CreateExecutionAsync(new ExecutionCreateRequest
        {
            Project = "flytesnacks", Domain = "development",
            Spec = new ExecutionSpec { LaunchPlan = registration.LaunchPlan.Id },
            Inputs = ProtoMapping.ToProto(new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Primitive.Integer(1))))),
        }));

        Assert.Equal(GrpcStatusCode.UNAVAILABLE, error.Code);
        Assert.Equal(0, admin.UnavailableCalls);
        Assert.Equal(0, admin.ExecutionCount);
    }

    [Fact]
    public async Task An_admin_that_is_not_there_is_unavailable()
    {
        var port = FreePort();
        var config = transport == AdminTransport.Grpc
            ? new AdminConfig { Endpoint = new Uri($"http://127.0.0.1:{port}/"), Transport = AdminTransport.Grpc, Insecure = true }
            : new AdminConfig { Endpoint = new Uri($"http://127.0.0.1:{port}/"), Transport = AdminTransport.Rest, Insecure = true };
        using var nowhere = new FlyteAdminClient(config);

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => nowhere.GetExecutionAsync(
            new Core.WorkflowExecutionIdentifier { Project = "p", Domain = "d", Name = "x" }));

        Assert.Equal(GrpcStatusCode.UNAVAILABLE, error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
    }

    [Fact]
    public async Task Outputs_admin_returns_by_url_are_read_from_the_blob_store()
    {
        admin.Serve(Chain);
        var folder = Directory.CreateTempSubdirectory("flyte-admin-outputs-").FullName;
        try
        {
            admin.OutputsByUrlIn(folder);

            var result = await Interpreter().RunAsync(Chain, new { x = 40L });

            Assert.Equal(new Literal(new Primitive.StringValue("value 42")), result.Outputs.Literals["o0"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_cancelled_run_terminates_its_execution()
    {
        var hang = FlyteTask.Define("hang", async (long x) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan);
            return x;
        });
        var wf = FlyteWorkflow.Define("hanging").Input<long>("x").Then((b, x) => b.Call(hang, x)).Build();
        admin.Serve(wf);
        var interpreter = Interpreter();
        using var cancel = new CancellationTokenSource();

        var run = interpreter.RunAsync(wf, new { x = 1L }, cancel.Token);
        // Until the client has the execution's id: Admin counts the execution before its answer reaches the client, and a
        // cancel in between aborts the create call itself rather than a running execution.
        while (interpreter.LastExecution is null && !run.IsCompleted)
            await Task.Delay(10);
        cancel.Cancel();
        var error = await Assert.ThrowsAsync<RemoteExecutionTerminatedException>(() => run);

        Assert.True(error.Terminated);
        Assert.Equal(interpreter.LastExecution, error.Execution);
        Assert.Contains("terminated on FlyteAdmin", error.Message);
        Assert.Equal("cancelled by flyte-dotnet", admin.Terminated[error.Execution.Name]);
        var after = await client.GetExecutionAsync(error.Execution);
        Assert.Equal(Phase.Aborted, after.Closure.Phase);
        Assert.Equal("cancelled by flyte-dotnet", after.Closure.AbortMetadata.Cause);

        // An execution that has ended cannot be terminated: Admin's FAILED_PRECONDITION comes through as such.
        var ended = await Assert.ThrowsAsync<FlyteAdminException>(() => client.TerminateExecutionAsync(error.Execution, "again"));
        Assert.Equal(GrpcStatusCode.FAILED_PRECONDITION, ended.Code);
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
