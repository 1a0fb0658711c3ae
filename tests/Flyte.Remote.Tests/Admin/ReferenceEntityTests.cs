using Flyte.Compile;
using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Flyteidl.Admin;
using Task = System.Threading.Tasks.Task;
using TaskSpec = Flyteidl.Admin.TaskSpec;
using Xunit;
using static Flyte.Tests.Workflows.LaunchPlanSamples;
using Core = Flyteidl.Core;

namespace Flyte.Tests.Admin;

/// <summary>
/// Reference entities and named launch plans against the fake FlyteAdmin: the interface a Python team registered is
/// checked before a run and by <c>flyte check --remote</c>; a named launch plan runs by name, locally and remotely.
/// </summary>
public sealed class ReferenceEntityTests : FlyteCommandTests
{
    private static readonly LiteralType Integer = LiteralType.Of(SimpleType.Integer);
    private static readonly LiteralType Text = LiteralType.Of(SimpleType.String);
    private static readonly string Example = Path.Combine(FlyteCommand.Root, "docs", "examples", "launch_plans.fsx");

    /// <summary>Registers <c>tasks.double_count</c> as flytekit would, its input <c>x</c> of type <paramref name="input"/>.</summary>
    private async Task RegisterPythonTask(LiteralType input)
    {
        using var client = new FlyteAdminClient(Admin.Config(AdminTransport.Grpc));
        var id = new Core.Identifier { ResourceType = Core.ResourceType.Task, Project = "flytesnacks", Domain = "development", Name = "tasks.double_count", Version = "v1" };
        var @interface = FlyteCompiler.Interface(new TypedInterface(ValueList.Of(new Variable("x", input)), ValueList.Of(new Variable("o0", Integer))));
        await client.CreateTaskAsync(new TaskCreateRequest
        {
            Id = id,
            Spec = new TaskSpec { Template = new Core.TaskTemplate { Id = id, Type = "python-task", Interface = @interface, Container = new Core.Container { Image = "python-team:1" } } },
        });
    }

    private RemoteInterpreter Interpreter(FlyteAdminClient client) => new(client, new RemoteOptions { PollInterval = TimeSpan.Zero });

    [Fact]
    public async Task A_reference_whose_registered_interface_matches_runs_remotely_without_registering_the_python_task()
    {
        await RegisterPythonTask(Integer);
        var report = ReportWorkflow(PythonDouble);
        Admin.Serve(report);
        using var client = new FlyteAdminClient(Admin.Config(AdminTransport.Grpc));

        Assert.Equal("Report us: 4", await Interpreter(client).RunAsync<string>(report, new { region = "us", days = 2L }));
        Assert.Equal("python-task", Admin.Tasks["flytesnacks/development/tasks.double_count/v1"].Spec.Template.Type);
        Assert.Equal(2, Admin.Tasks.Count);
    }

    [Fact]
    public async Task A_reference_whose_registered_input_type_differs_fails_before_the_run_naming_the_edge_and_both_types()
    {
        await RegisterPythonTask(Text);
        using var client = new FlyteAdminClient(Admin.Config(AdminTransport.Grpc));

        var error = await Assert.ThrowsAsync<ReferenceMismatchException>(() => Interpreter(client).RunAsync(ReportWorkflow(PythonDouble), new { region = "us", days = 2L }));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(("n0", "x", Integer, Text), (problem.Node, problem.Input, problem.From, problem.To));
        Assert.Contains($"node n0 (tasks.double_count), input 'x': start-node.days is {Integer}, expected {Text}", error.Message);
        Assert.Equal(0, Admin.ExecutionCount);
        Assert.Empty(Admin.Workflows);
    }

    [Fact]
    public async Task A_reference_that_is_not_registered_fails_before_the_run_naming_it()
    {
        using var client = new FlyteAdminClient(Admin.Config(AdminTransport.Rest));

        var error = await Assert.ThrowsAsync<ReferenceMismatchException>(() => Interpreter(client).RunAsync(ReportWorkflow(PythonDouble), new { region = "us", days = 2L }));

        Assert.Contains("reference task flytesnacks/development/tasks.double_count@v1 is not registered on FlyteAdmin", error.Message);
        Assert.Equal(0, Admin.ExecutionCount);
    }

    [Fact]
    public async Task A_named_launch_plan_runs_remotely_from_its_own_id_with_its_fixed_and_default_inputs()
    {
        await RegisterPythonTask(Integer);
        var report = ReportWorkflow(PythonDouble);
        Admin.Serve(report);
        using var client = new FlyteAdminClient(Admin.Config(AdminTransport.Grpc));
        var interpreter = Interpreter(client);

        var result = await interpreter.RunLaunchPlanAsync(Nightly(report), LiteralMap.Empty);

        Assert.Equal("Report eu: 14", ((Primitive.StringValue)((Literal)result.Outputs.Literals["o0"]).Value).Value);
        var request = Admin.CreateRequestOf(interpreter.LastExecution!.Name);
        Assert.Equal("nightly_report", request.Spec.LaunchPlan.Name);
        Assert.Empty(request.Inputs.Literals);
        Assert.Equal("0 3 * * *", Admin.LaunchPlans.Values.Single(p => p.Id.Name == "nightly_report").Spec.EntityMetadata.Schedule.CronSchedule.Schedule);
    }

    [Fact]
    public async Task Flyte_check_remote_reports_the_edge_into_the_python_task_with_both_types()
    {
        await RegisterPythonTask(Text);

        var (exit, stdout, stderr) = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "check", Example, "--remote");

        Assert.True(exit == 1, stderr);
        Assert.Contains($"error: workflow 'report_wf', node n0 (tasks.double_count), input 'x': start-node.days is {Integer}, expected {Text}", stdout);
        Assert.Contains("1 incompatible edge(s)", stdout);
    }

    [Fact]
    public async Task Flyte_check_remote_accepts_a_matching_python_task_and_flyte_run_starts_the_launch_plan_by_name()
    {
        await RegisterPythonTask(Integer);
        Admin.Serve(ReportWorkflow(PythonDouble));

        var check = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "check", Example, "--remote");
        var local = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "run", Example, "nightly_report", "--json");
        var remote = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "run", Example, "nightly_report", "--days", "1", "--remote", "--json");

        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.StartsWith("ok: ", check.Stdout);
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Equal("{\"o0\":\"Report eu: 14\"}", local.Stdout.Trim());
        Assert.True(remote.ExitCode == 0, remote.Stderr);
        Assert.Equal("{\"o0\":\"Report eu: 2\"}", remote.Stdout.Trim());
        Assert.Contains(Admin.LaunchPlans.Keys, k => k.StartsWith("flytesnacks/development/nightly_report/", StringComparison.Ordinal));
    }

    [Fact]
    public void Flyte_run_of_a_reference_without_a_stub_fails_naming_the_entity()
    {
        var script = Path.Combine(ScriptCache, "unstubbed.fsx");
        File.WriteAllText(script, $$"""
            #r "{{Path.Combine(FlyteCommand.Root, "docs", "examples", "bin", "Flyte.Core.dll")}}"
            #r "{{Path.Combine(FlyteCommand.Root, "docs", "examples", "bin", "Flyte.FSharp.dll")}}"
            open Flyte.FSharp
            open Flyte.Workflows
            let py = Reference.task<int64, int64> (EntityId("flytesnacks", "development", "tasks.double_count", "v1")) "x"
            let wf = workflow "unstubbed" {
                let! x = Workflow.input<int64> "x"
                return! Reference.node py x
            }
            """);

        var (exit, _, stderr) = FlyteCommand.Run(Admin, AdminTransport.Grpc, ScriptCache, "run", script, "unstubbed", "--x", "2");

        Assert.Equal(1, exit);
        Assert.Contains("Reference task 'flytesnacks/development/tasks.double_count@v1' has no local stub", stderr);
    }
}
