using System.Text.Json.Nodes;
using Flyte.Compile;
using Flyte.Tests.Support;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.LaunchPlanSamples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Compile;

/// <summary>
/// Named launch plans, launch-plan nodes and reference entities compiled as flytekit's translator writes them, and
/// <c>flyte package docs/examples/launch_plans.fsx</c> read back with the npm package's JavaScript classes.
/// </summary>
public sealed class LaunchPlanCompilerTests
{
    private static readonly CompileOptions Options = CompileOptions.Default with { Version = "v7" };

    [Fact]
    public void A_named_launch_plan_has_its_schedule_notification_labels_defaults_and_fixed_inputs()
    {
        var compiled = FlyteCompiler.CompileLaunchPlan(Nightly(ReportWorkflow(PythonDouble)), Options);
        var spec = compiled.LaunchPlan.Spec;

        Assert.Equal((Pb.ResourceType.LaunchPlan, "nightly_report", "v7"), (compiled.LaunchPlan.Id.ResourceType, compiled.LaunchPlan.Id.Name, compiled.LaunchPlan.Id.Version));
        Assert.Equal(compiled.Workflow.Template.Id, spec.WorkflowId);
        Assert.Equal("0 3 * * *", spec.EntityMetadata.Schedule.CronSchedule.Schedule);
        var notification = Assert.Single(spec.EntityMetadata.Notifications);
        Assert.Equal([Pb.WorkflowExecution.Types.Phase.Failed], notification.Phases);
        Assert.Equal(["oncall@example.com"], notification.Email.RecipientsEmail);
        Assert.Equal(["days"], spec.DefaultInputs.Parameters.Keys);
        Assert.Equal(7L, spec.DefaultInputs.Parameters["days"].Default.Scalar.Primitive.Integer);
        Assert.Equal("eu", spec.FixedInputs.Literals["region"].Scalar.Primitive.StringValue);
        Assert.Equal("reports", spec.Labels.Values["team"]);
        Assert.NotNull(spec.RawOutputDataConfig);
    }

    [Fact]
    public void Without_a_version_a_launch_plan_is_versioned_by_its_content_and_a_required_input_is_required()
    {
        var plain = LaunchPlanSpec.Create("by_hand", ReportWorkflow(PythonDouble)).WithFixedInput("region", "eu");
        var first = FlyteCompiler.CompileLaunchPlan(plain).LaunchPlan;
        var changed = FlyteCompiler.CompileLaunchPlan(plain.WithLabel("a", "b")).LaunchPlan;
        var rate = FlyteCompiler.CompileLaunchPlan(plain.WithDefaultInput("days", 1L).WithSchedule(Schedule.FixedRate(TimeSpan.FromHours(6)))).LaunchPlan;

        Assert.True(first.Spec.DefaultInputs.Parameters["days"].Required);
        Assert.Equal(20, first.Id.Version.Length);
        Assert.NotEqual(first.Id.Version, changed.Id.Version);
        Assert.Equal((6u, Flyteidl.Admin.FixedRateUnit.Hour), (rate.Spec.EntityMetadata.Schedule.Rate.Value, rate.Spec.EntityMetadata.Schedule.Rate.Unit));
    }

    [Fact]
    public void A_reference_task_node_references_the_registered_id_and_compiles_no_task_for_it()
    {
        var compiled = FlyteCompiler.CompileWorkflow(ReportWorkflow(PythonDouble), Options);

        var node = compiled.Template.Nodes[0];
        Assert.Equal(new Pb.Identifier { ResourceType = Pb.ResourceType.Task, Project = "flytesnacks", Domain = "development", Name = "tasks.double_count", Version = "v1" },
            node.TaskNode.ReferenceId);
        Assert.Equal(["format_report"], compiled.Tasks.Select(t => t.Template.Id.Name));
    }

    [Fact]
    public void A_launch_plan_node_references_the_compiled_launch_plan_which_registers_before_the_workflow()
    {
        var plan = Nightly(ReportWorkflow(PythonDouble));
        var compiled = FlyteCompiler.CompileWorkflow(Weekly(plan), Options);

        var node = Assert.Single(compiled.Template.Nodes);
        Assert.Equal(FlyteCompiler.CompileLaunchPlan(plan, Options).LaunchPlan.Id, node.WorkflowNode.LaunchplanRef);
        Assert.Equal(["days"], node.Inputs.Select(b => b.Var));
        Assert.Equal("nightly_report", Assert.Single(compiled.LaunchPlans).LaunchPlan.Id.Name);
        var order = Remote.Registration.Compile([], [Weekly(plan)], [plan], Options).Workflows.Select(r => r.LaunchPlan.Id.Name);
        Assert.Equal(["nightly_report", "weekly_wf"], order);
    }

    [Fact]
    public void A_reference_launch_plan_compiles_to_launchplan_ref_and_a_reference_workflow_is_refused_as_in_flytekit()
    {
        var id = new EntityId("p", "d", "py_lp", "v2");
        var plan = FlyteReference.LaunchPlan<long, long>(id, "x");
        var sub = FlyteReference.Workflow<long, long>(id, "x");
        WorkflowSpec Calling(ReferenceEntity<long, long> r) => FlyteWorkflow.Define("calls").Input<long>("x").Then((b, x) => b.Call(r, x)).Build();

        Assert.Equal(("py_lp", Pb.ResourceType.LaunchPlan),
            (FlyteCompiler.CompileWorkflow(Calling(plan)).Template.Nodes[0].WorkflowNode.LaunchplanRef.Name, FlyteCompiler.CompileWorkflow(Calling(plan)).Template.Nodes[0].WorkflowNode.LaunchplanRef.ResourceType));
        Assert.Contains("reference sub-workflows are unsupported", Assert.Throws<WorkflowBuildException>(() => FlyteCompiler.CompileWorkflow(Calling(sub))).Message);
    }

    [Fact]
    public void The_launch_plans_example_packages_a_named_launch_plan_and_a_node_referencing_the_python_task_all_read_by_npm_flyteidl()
    {
        var dir = PackagedExamplesTests.PackageToFolder("launch_plans.fsx");
        try
        {
            var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["00_format_report_1.pb", "01_report_wf_2.pb", "02_nightly_report_3.pb", "03_weekly_wf_2.pb", "04_report_wf_3.pb", "05_weekly_wf_3.pb"], files);
            JsonNode Read(string file, string type, Google.Protobuf.MessageParser parser) =>
                FlyteidlJs.Decode((type, parser.ParseFrom(File.ReadAllBytes(Path.Combine(dir, file)))))[0]!;

            var plan = Read("02_nightly_report_3.pb", "flyteidl.admin.LaunchPlan", Flyteidl.Admin.LaunchPlan.Parser);
            var spec = plan["spec"]!;
            Assert.Equal("report_wf", (string)spec["workflowId"]!["name"]!);
            Assert.Equal("0 3 * * *", (string)spec["entityMetadata"]!["schedule"]!["cronSchedule"]!["schedule"]!);
            var notification = spec["entityMetadata"]!["notifications"]![0]!;
            Assert.Equal(6, (int)notification["phases"]![0]!);
            Assert.Equal("oncall@example.com", (string)notification["email"]!["recipientsEmail"]![0]!);
            Assert.Equal("7", (string)spec["defaultInputs"]!["parameters"]!["days"]!["default"]!["scalar"]!["primitive"]!["integer"]!);
            Assert.Null(spec["defaultInputs"]!["parameters"]!["region"]);
            Assert.Equal("eu", (string)spec["fixedInputs"]!["literals"]!["region"]!["scalar"]!["primitive"]!["stringValue"]!);

            var report = Read("01_report_wf_2.pb", "flyteidl.admin.WorkflowSpec", Flyteidl.Admin.WorkflowSpec.Parser)["template"]!;
            var reference = report["nodes"]![0]!["taskNode"]!["referenceId"]!;
            Assert.Equal(("tasks.double_count", "v1", "flytesnacks"), ((string)reference["name"]!, (string)reference["version"]!, (string)reference["project"]!));
            var weekly = Read("03_weekly_wf_2.pb", "flyteidl.admin.WorkflowSpec", Flyteidl.Admin.WorkflowSpec.Parser)["template"]!;
            Assert.Equal((string)plan["id"]!["version"]!, (string)weekly["nodes"]![0]!["workflowNode"]!["launchplanRef"]!["version"]!);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
