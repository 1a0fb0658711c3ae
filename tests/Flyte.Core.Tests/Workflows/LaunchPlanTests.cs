using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.LaunchPlanSamples;

namespace Flyte.Tests.Workflows;

public sealed class LaunchPlanTests
{
    private static readonly LiteralType Integer = LiteralType.Of(SimpleType.Integer);
    private static readonly LiteralType Text = LiteralType.Of(SimpleType.String);

    private static Literal Str(string value) => new(new Primitive.StringValue(value));

    private static Literal Int(long value) => new(new Primitive.Integer(value));

    [Fact]
    public void A_launch_plan_hides_its_fixed_inputs_and_fills_the_defaults_of_those_not_given()
    {
        var plan = Nightly(ReportWorkflow(PythonDouble));

        Assert.Equal([new Variable("days", Integer)], plan.Interface.Inputs.ToArray());
        Assert.Equal(Str("eu"), plan.FixedInputs["region"]);
        Assert.Equal(new LiteralMap(ValueMap.Of(("region", Str("eu")), ("days", Int(7)))), plan.InputsFor(LiteralMap.Empty));
        Assert.Equal(Int(3), plan.InputsFor(new LiteralMap(ValueMap.Of(("days", Int(3))))).Literals["days"]);
        Assert.Contains("fixes input 'region'; it cannot be given",
            Assert.Throws<WorkflowBuildException>(() => plan.InputsFor(new LiteralMap(ValueMap.Of(("region", Str("us")))))).Message);
    }

    [Fact]
    public void A_launch_plan_refuses_unknown_inputs_ill_typed_values_and_an_input_both_fixed_and_defaulted()
    {
        var plan = LaunchPlanSpec.Create("p", ReportWorkflow(PythonDouble));

        Assert.Contains("has no input 'day'", Assert.Throws<WorkflowBuildException>(() => plan.WithFixedInput("day", 1L)).Message);
        var wrong = Assert.Throws<WorkflowBuildException>(() => plan.WithDefaultInput("days", "seven")).Message;
        Assert.Contains("the default value of input 'days' is not a", wrong);
        Assert.Contains(Integer.ToString(), wrong);
        Assert.Contains("either fixed or defaulted", Assert.Throws<WorkflowBuildException>(() => plan.WithFixedInput("days", 1L).WithDefaultInput("days", 2L)).Message);
        Assert.Contains("kickoff_time_input_arg 'days' is not a datetime input",
            Assert.Throws<WorkflowBuildException>(() => plan.WithSchedule(Schedule.Cron("@daily", kickoffTimeInputArg: "days"))).Message);
    }

    [Fact]
    public void A_scheduled_launch_plan_needs_every_input_fixed_or_defaulted()
    {
        var plan = LaunchPlanSpec.Create("p", ReportWorkflow(PythonDouble)).WithFixedInput("region", "eu").WithSchedule(Schedule.Cron("0 3 * * *"));

        Assert.Contains("has a schedule but required input(s) days", Assert.Throws<WorkflowBuildException>(plan.Validate).Message);
        plan.WithDefaultInput("days", 1L).Validate();
    }

    [Theory]
    [InlineData(2 * 24 * 60, 2u, FixedRateUnit.Day)]
    [InlineData(3 * 60, 3u, FixedRateUnit.Hour)]
    [InlineData(90, 90u, FixedRateUnit.Minute)]
    public void A_fixed_rate_is_in_whole_days_else_hours_else_minutes_as_flytekit_translates_it(int minutes, uint value, FixedRateUnit unit) =>
        Assert.Equal(new FixedRateSchedule(value, unit), Schedule.FixedRate(TimeSpan.FromMinutes(minutes)));

    [Fact]
    public void Schedules_and_notifications_refuse_what_flytekit_refuses()
    {
        Assert.Contains("less than a minute", Assert.Throws<ArgumentException>(() => Schedule.FixedRate(TimeSpan.FromSeconds(90))).Message);
        Assert.Contains("has 3 field(s); expected 5", Assert.Throws<ArgumentException>(() => Schedule.Cron("0 3 *")).Message);
        Assert.Contains("at least one phase", Assert.Throws<ArgumentException>(() => Notification.Slack([], "a@b.c")).Message);
        Assert.Contains("Only terminal states", Assert.Throws<ArgumentException>(() => Notification.Email([(WorkflowExecutionPhase)2], "a@b.c")).Message);
    }

    [Fact]
    public async Task A_launch_plan_node_runs_its_workflow_with_the_fixed_inputs_and_the_reference_with_its_stub()
    {
        var weekly = Weekly(Nightly(ReportWorkflow(PythonDouble)));

        var node = Assert.Single(weekly.Nodes);
        Assert.Equal(["days"], node.Inputs.Select(b => b.Var));
        var result = await new LocalInterpreter().RunAsync(weekly, new { days = 3L });

        Assert.Equal(Str("Report eu: 6"), result.Outputs.Literals["o0"]);
        var sub = Assert.Single(result.Nodes).SubNodes;
        Assert.Equal(["n0/n0", "n0/n1"], sub.Select(n => n.NodeId));
        Assert.Equal("tasks.double_count", sub[0].Name);
        Assert.Equal(Int(6), sub[0].Outputs.Literals["o0"]);
    }

    [Fact]
    public async Task A_reference_without_a_stub_fails_naming_the_entity_and_a_stub_by_name_stands_in()
    {
        var report = ReportWorkflow(PythonDoubleUnstubbed);

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => new LocalInterpreter().RunAsync(report, new { region = "us", days = 2L }));
        Assert.Equal("n0", error.NodeId);
        var missing = Assert.IsType<ReferenceStubMissingException>(error.InnerException);
        Assert.Contains("Reference task 'flytesnacks/development/tasks.double_count@v1' has no local stub", missing.Message);
        Assert.Contains("Stubs.Replace(\"tasks.double_count\"", missing.Message);

        var stubs = TaskStubs.None.Replace("tasks.double_count", (inputs, _) => Task.FromResult(new LiteralMap(ValueMap.Of(("o0", Int(100))))));
        var stubbed = await new LocalInterpreter(InterpreterOptions.Default with { Stubs = stubs }).RunAsync<string>(report, new { region = "us", days = 2L });
        Assert.Equal("Report us: 100", stubbed);
    }

    [Fact]
    public void A_reference_node_is_typed_by_its_declared_interface()
    {
        var node = ReportWorkflow(PythonDouble).Nodes[0];

        var reference = Assert.IsType<ReferenceTarget>(node.Target);
        Assert.Equal((ReferenceKind.Task, PythonDoubleId), (reference.Kind, reference.Id));
        Assert.Equal(new TypedInterface(ValueList.Of(new Variable("x", Integer)), ValueList.Of(new Variable("o0", Integer))), reference.Interface);
        var text = FlyteReference.Task<string, long>(PythonDoubleId, "x");
        var (draft, days) = WorkflowDraft.Create("bad", Flyte.Types.TypeEngine.Default).AddInput<long>("days");
        var error = Assert.Throws<WorkflowBuildException>(() => draft.AddNode(text.Target, [days])).Message;
        Assert.Contains("(tasks.double_count): input 'x' expects", error);
        Assert.Contains(Text.ToString(), error);
    }

    [Fact]
    public void Check_reports_an_edge_into_a_reference_whose_registered_type_differs_with_both_types_and_accepts_a_matching_one()
    {
        var report = ReportWorkflow(PythonDouble);
        var registeredText = new TypedInterface(ValueList.Of(new Variable("x", Text)), ValueList.Of(new Variable("o0", Integer)));

        var bad = WorkflowCheck.Check(report, r => r.Id == PythonDoubleId ? registeredText : null);
        var good = WorkflowCheck.Check(report, r => r.Id == PythonDoubleId ? PythonDouble.Target.Declared : null);

        var problem = Assert.Single(bad.Problems);
        Assert.Equal(("n0", "x", "start-node.days", Integer, Text), (problem.Node, problem.Input, problem.Source, problem.From, problem.To));
        Assert.Contains($"is {Integer}, expected {Text}", problem.ToString());
        Assert.True(good.IsValid);
        Assert.Equal(4, good.Edges);
    }

    [Fact]
    public void Check_reports_a_registered_output_this_code_reads_that_does_not_exist_and_an_undeclared_required_input()
    {
        var report = ReportWorkflow(PythonDouble);
        var registered = new TypedInterface(
            ValueList.Of(new Variable("x", Integer), new Variable("factor", Integer)), ValueList.Of(new Variable("doubled", Integer)));

        var problems = WorkflowCheck.Check(report, _ => registered).Problems;

        Assert.Contains(problems, p => p.Node == "n0" && p.Input == "factor" && p.Reason.Contains("requires input 'factor'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Node == "n1" && p.Source == "n0.o0" && p.Reason == "no output 'o0' of node n0");
    }
}
