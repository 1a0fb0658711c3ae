using Flyte.Compile;
using Flyte.Tasks;
using Flyte.Tests.Support;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Google.Protobuf;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Compile;

public sealed class CompilerTests
{
    private static readonly CompileOptions Options = CompileOptions.Default with
    {
        Image = "registry.local/flyte-dotnet:1", TaskFile = _ => "/app/Seeds.dll",
    };

    private static WorkflowSpec BatchWorkflow(FlyteTask<BatchRequest, PredictionSummary>? process = null) =>
        FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(process ?? ProcessBatch, batch))
            .Then((b, summary) => (b.Call(SummarizeResults, summary), b.Call(Describe, summary.Field<double>("average"))))
            .Build();

    [Fact]
    public void A_task_compiles_to_a_template_whose_container_runs_the_entrypoint()
    {
        var task = ProcessBatch.WithRetries(2).WithMetadata(m => m with
        {
            Timeout = TimeSpan.FromMinutes(5), Cache = CacheSettings.On("1.0", "batch"), Interruptible = true, DeprecationMessage = "use v2",
            Resources = new TaskResources { CpuRequest = "500m", MemoryLimit = "1Gi" },
        }).Spec;

        var template = FlyteCompiler.CompileTask(task, Options).Template;

        Assert.Equal((Pb.ResourceType.Task, "flytesnacks", "development", "process_batch"),
            (template.Id.ResourceType, template.Id.Project, template.Id.Domain, template.Id.Name));
        Assert.Equal("dotnet-task", template.Type);
        Assert.Equal((Pb.RuntimeMetadata.Types.RuntimeType.FlyteSdk, "dotnet"), (template.Metadata.Runtime.Type, template.Metadata.Runtime.Flavor));
        Assert.NotEmpty(template.Metadata.Runtime.Version);
        Assert.Equal(2u, template.Metadata.Retries.Retries);
        Assert.Equal(TimeSpan.FromMinutes(5), template.Metadata.Timeout.ToTimeSpan());
        Assert.Equal((true, "1.0", "use v2", true), (template.Metadata.Discoverable, template.Metadata.DiscoveryVersion,
            template.Metadata.DeprecatedErrorMessage, template.Metadata.Interruptible));
        Assert.Equal(["batch"], template.Metadata.CacheIgnoreInputVars);
        Assert.Equal(["batch"], template.Interface.Inputs.Variables.Keys);
        Assert.Equal(["o0"], template.Interface.Outputs.Variables.Keys);
        Assert.Equal("registry.local/flyte-dotnet:1", template.Container.Image);
        Assert.Equal(
            ["flyte", "execute", "--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}",
             "--raw-output-data-prefix", "{{.rawOutputDataPrefix}}", "--checkpoint-path", "{{.checkpointOutputPrefix}}",
             "--prev-checkpoint", "{{.prevCheckpointPrefix}}", "--", "/app/Seeds.dll", "process_batch"],
            template.Container.Args);
        Assert.Equal("500m", template.Container.Resources.Requests.Single(r => r.Name == Pb.Resources.Types.ResourceName.Cpu).Value);
        Assert.Equal("1Gi", template.Container.Resources.Limits.Single(r => r.Name == Pb.Resources.Types.ResourceName.Memory).Value);
    }

    [Fact]
    public void A_workflow_compiles_to_nodes_with_bindings_metadata_and_a_default_launch_plan()
    {
        var compiled = FlyteCompiler.CompileWorkflow(BatchWorkflow(ProcessBatch.WithRetries(3).WithTimeout(TimeSpan.FromSeconds(30))), Options);
        var wf = compiled.Template;

        Assert.Equal(["n0", "n1", "n2"], wf.Nodes.Select(n => n.Id));
        var n0 = wf.Nodes[0];
        Assert.Equal(("process_batch", 3u, TimeSpan.FromSeconds(30)), (n0.Metadata.Name, n0.Metadata.Retries.Retries, n0.Metadata.Timeout.ToTimeSpan()));
        Assert.Equal(("start-node", "batch"), (n0.Inputs.Single().Binding_.Promise.NodeId, n0.Inputs.Single().Binding_.Promise.Var));
        Assert.Empty(n0.UpstreamNodeIds);
        Assert.Equal(compiled.Tasks.Single(t => t.Template.Id.Name == "process_batch").Template.Id, n0.TaskNode.ReferenceId);

        var n2 = wf.Nodes[2];
        Assert.Equal(["n0"], n2.UpstreamNodeIds);
        var promise = n2.Inputs.Single().Binding_.Promise;
        Assert.Equal(("n0", "o0", "average"), (promise.NodeId, promise.Var, promise.AttrPath.Single().StringValue));

        Assert.Equal(["o0", "o1"], wf.Outputs.Select(o => o.Var));
        Assert.Equal(("n1", "o0"), (wf.Outputs[0].Binding_.Promise.NodeId, wf.Outputs[0].Binding_.Promise.Var));
        Assert.Equal(["describe", "process_batch", "summarize_results"], compiled.Tasks.Select(t => t.Template.Id.Name).Order());

        var lp = compiled.LaunchPlan;
        Assert.Equal((Pb.ResourceType.LaunchPlan, "batch_wf", wf.Id.Version), (lp.Id.ResourceType, lp.Id.Name, lp.Id.Version));
        Assert.Equal(wf.Id, lp.Spec.WorkflowId);
        var parameter = lp.Spec.DefaultInputs.Parameters["batch"];
        Assert.True(parameter.Required);
        Assert.Equal(wf.Interface.Inputs.Variables["batch"].Type, parameter.Var.Type);
        Assert.Equal(wf, compiled.Closure.Workflow);
        Assert.Equal(3, compiled.Closure.Tasks.Count);
    }

    [Fact]
    public void Constant_lists_are_collections_of_scalar_bindings_and_promises_stay_promises()
    {
        var total = FlyteTask.Define("total", (IReadOnlyList<long> xs) => xs.Sum(), Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(total, b.List(x, b.Call(AddOne, x), b.Constant(100L)))).Build();

        var binding = FlyteCompiler.CompileWorkflow(wf, Options).Template.Nodes[1].Inputs.Single().Binding_;

        var items = binding.Collection.Bindings;
        Assert.Equal("start-node", items[0].Promise.NodeId);
        Assert.Equal("n0", items[1].Promise.NodeId);
        Assert.Equal(100L, items[2].Scalar.Primitive.Integer);
    }

    [Fact]
    public void Compiling_twice_gives_the_same_bytes_and_versions_follow_the_content()
    {
        var first = FlyteFiles(FlyteCompiler.CompileWorkflow(BatchWorkflow(), Options));
        var second = FlyteFiles(FlyteCompiler.CompileWorkflow(BatchWorkflow(), Options));
        Assert.Equal(first, second);

        var a = FlyteCompiler.CompileWorkflow(BatchWorkflow(), Options);
        var b = FlyteCompiler.CompileWorkflow(BatchWorkflow(ProcessBatch.WithRetries(1)), Options);
        var version = (CompiledWorkflow c, string name) => c.Tasks.Single(t => t.Template.Id.Name == name).Template.Id.Version;
        Assert.NotEqual(version(a, "process_batch"), version(b, "process_batch"));
        Assert.Equal(version(a, "summarize_results"), version(b, "summarize_results"));
        Assert.NotEqual(a.Template.Id.Version, b.Template.Id.Version);
        Assert.Matches("^[0-9a-f]{20}$", a.Template.Id.Version);

        var pinned = FlyteCompiler.CompileWorkflow(BatchWorkflow(), Options with { Version = "v1" });
        Assert.All(pinned.Tasks, t => Assert.Equal("v1", t.Template.Id.Version));
        Assert.Equal(("v1", "v1"), (pinned.Template.Id.Version, pinned.LaunchPlan.Id.Version));
    }

    private static List<string> FlyteFiles(CompiledWorkflow wf) =>
        FlyteCompiler.PackageFiles([], [wf]).Select(f => f.FileName + ":" + Convert.ToBase64String(f.Entity.ToByteArray())).ToList();

    [Fact]
    public void Package_files_are_named_as_flytectl_expects_in_registration_order()
    {
        var files = FlyteCompiler.PackageFiles([], [FlyteCompiler.CompileWorkflow(BatchWorkflow(), Options)]);

        Assert.Equal(["00_process_batch_1.pb", "01_summarize_results_1.pb", "02_describe_1.pb", "03_batch_wf_2.pb", "04_batch_wf_3.pb"],
            files.Select(f => f.FileName));
        Assert.IsType<Flyteidl.Admin.TaskSpec>(files[0].Entity);
        Assert.IsType<Flyteidl.Admin.WorkflowSpec>(files[3].Entity);
        Assert.IsType<Flyteidl.Admin.LaunchPlan>(files[4].Entity);
    }

    [Fact]
    public void Sub_workflows_ship_in_the_workflow_spec()
    {
        var inner = FlyteWorkflow.Define("inner", Engine).Input<long>("x").Then((b, x) => b.Call(AddOne, x)).Build();
        var outer = FlyteWorkflow.Define("outer", Engine).Input<long>("x")
            .Then((b, x) => b.Call(Add, b.Subworkflow<long>(inner, x), x)).Build();

        var compiled = FlyteCompiler.CompileWorkflow(outer, Options);

        var sub = Assert.Single(compiled.SubWorkflows);
        Assert.Equal(sub.Id, compiled.Template.Nodes[0].WorkflowNode.SubWorkflowRef);
        Assert.Equal(["add", "add_one"], compiled.Tasks.Select(t => t.Template.Id.Name).Order());
        Assert.Equal(sub, compiled.Spec.SubWorkflows.Single());
    }

    [Fact]
    public void A_raw_container_compiles_with_copilot_data_config()
    {
        var iface = new TypedInterface(new([new Variable("x", LiteralType.Of(SimpleType.Integer))]), new([new Variable("o0", LiteralType.Of(SimpleType.Integer))]));
        var raw = new RawContainerTask("square", "alpine:3", ["sh", "-c"], iface) { Arguments = ["echo $(( $(cat /var/inputs/x) ** 2 )) > /var/outputs/o0"] };

        var template = FlyteCompiler.CompileTask(raw.ToTaskSpec(), Options).Template;

        Assert.Equal(("raw-container", "alpine:3"), (template.Type, template.Container.Image));
        Assert.Equal(["sh", "-c"], template.Container.Command);
        var config = template.Container.DataConfig;
        Assert.Equal((true, "/var/inputs", "/var/outputs", Pb.DataLoadingConfig.Types.LiteralMapFormat.Proto),
            (config.Enabled, config.InputPath, config.OutputPath, config.Format));
    }

    [Fact]
    public void The_npm_packages_javascript_classes_read_the_compiled_entities()
    {
        var compiled = FlyteCompiler.CompileWorkflow(BatchWorkflow(ProcessBatch.WithRetries(2)), Options);
        var task = compiled.Tasks.Single(t => t.Template.Id.Name == "process_batch");

        var decoded = FlyteidlJs.Decode(
            ("flyteidl.admin.TaskSpec", task.Spec), ("flyteidl.admin.WorkflowSpec", compiled.Spec),
            ("flyteidl.admin.LaunchPlan", compiled.LaunchPlan), ("flyteidl.core.WorkflowClosure", compiled.Closure));

        var template = decoded[0]!["template"]!;
        Assert.Equal("process_batch", (string)template["id"]!["name"]!);
        Assert.Equal(task.Template.Id.Version, (string)template["id"]!["version"]!);
        Assert.Equal("dotnet-task", (string)template["type"]!);
        Assert.Equal("dotnet", (string)template["metadata"]!["runtime"]!["flavor"]!);
        Assert.Equal(2, (int)template["metadata"]!["retries"]!["retries"]!);
        Assert.Equal(task.Template.Container.Args, template["container"]!["args"]!.AsArray().Select(a => (string)a!));

        var nodes = decoded[1]!["template"]!["nodes"]!.AsArray();
        Assert.Equal(["n0", "n1", "n2"], nodes.Select(n => (string)n!["id"]!));
        Assert.Equal("start-node", (string)nodes[0]!["inputs"]![0]!["binding"]!["promise"]!["nodeId"]!);
        Assert.Equal("average", (string)nodes[2]!["inputs"]![0]!["binding"]!["promise"]!["attrPath"]![0]!["stringValue"]!);
        Assert.Equal(task.Template.Id.Version, (string)nodes[0]!["taskNode"]!["referenceId"]!["version"]!);

        Assert.True((bool)decoded[2]!["spec"]!["defaultInputs"]!["parameters"]!["batch"]!["required"]!);
        Assert.Equal("batch_wf", (string)decoded[2]!["spec"]!["workflowId"]!["name"]!);
        Assert.Equal(3, decoded[3]!["tasks"]!.AsArray().Count);
    }
}
