using Flyte.Compile;
using Flyte.Entrypoints;
using Flyte.Execution;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.ControlFlowSamples;
using static Flyte.Tests.Workflows.DynamicSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>A dynamic task's workflow as futures.pb: bound as flytekit binds it, and read back as propeller reads it.</summary>
public sealed class DynamicJobsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-dynamic-jobs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LiteralMap Ints(params (string Name, long Value)[] values) =>
        new(values.Aggregate(ValueMap<Literal>.Empty, (map, v) => map.SetItem(v.Name, new Literal(new Primitive.Integer(v.Value)))));

    private static readonly WorkflowSpec Built = FlyteWorkflow.Define("built", Engine).Input<long>("x")
        .Then((b, x) => b.Call(Add, b.Call(AddOne, x), x)).Build();

    [Fact]
    public void Binding_prefixes_node_ids_with_d_and_makes_the_tasks_inputs_constants()
    {
        var bound = DynamicJobs.Bind(Built, Ints(("x", 5)));

        Assert.Equal(["dn0", "dn1"], bound.Nodes.Select(n => n.Id));
        Assert.Equal(["dn0"], bound.Nodes[1].UpstreamIds.ToArray());
        Assert.Equal(new BindingData.Constant(new Literal(new Primitive.Integer(5))), bound.Nodes[1].Inputs.Single(b => b.Var == "y").Data);
        Assert.Equal(new BindingData.Reference(new Promise("dn0", "o0")), bound.Nodes[1].Inputs.Single(b => b.Var == "x").Data);
        Assert.Equal(new BindingData.Reference(new Promise("dn1", "o0")), bound.Outputs.Single().Data);
        Assert.Empty(bound.Interface.Inputs);

        var error = Assert.Throws<WorkflowBindingException>(() => DynamicJobs.Bind(Built, LiteralMap.Empty));
        Assert.Contains("input 'x'", error.Message);
    }

    [Fact]
    public void A_spec_reads_back_into_the_bound_workflows_nodes_and_a_branch_node_is_refused_by_name()
    {
        var spec = DynamicJobs.Compile(Built, Ints(("x", 5)), CompileOptions.Default)!;

        var read = DynamicJobReader.ToWorkflow(spec, "dynamic_n0", Built.Interface, DynamicJobReader.FromTemplate);

        var bound = DynamicJobs.Bind(Built, Ints(("x", 5)));
        Assert.Equal(bound.Nodes.Select(n => (n.Id, n.Target.Name, n.Inputs)), read.Nodes.Select(n => (n.Id, n.Target.Name, n.Inputs)));
        Assert.Equal(bound.Outputs, read.Outputs);
        Assert.Equal(AddOne.Spec.Interface, Assert.IsType<NodeTarget.TaskTarget>(read.Nodes[0].Target).Task.Interface);
        Assert.Equal(2, spec.MinSuccesses);

        var branching = DynamicJobs.Compile(Multiplier, new LiteralMap(ValueMap<Literal>.Empty.SetItem("my_input", new Literal(new Primitive.FloatValue(0.5)))),
            CompileOptions.Default)!;
        var refused = Assert.Throws<FlyteSystemException>(() => DynamicJobReader.ToWorkflow(branching, "dynamic_n0", Multiplier.Interface, DynamicJobReader.FromTemplate));
        Assert.Contains("Node dn0 of futures.pb is a BranchNode node", refused.Message);
    }

    [Fact]
    public async Task The_entrypoint_writes_futures_pb_for_a_workflow_with_nodes_and_outputs_pb_for_one_without()
    {
        var inputs = Path.Combine(_dir, "inputs.pb");
        await File.WriteAllBytesAsync(inputs, Ints(("n", 1), ("x", 4)).ToBytes());
        var dynamic = await Entrypoint.ExecuteAsync(new EntrypointOptions(inputs, Path.Combine(_dir, "repeat"), ""), Repeat.Spec, Engine, BlobStoreRouter.Local);

        Assert.Equal((true, null), (dynamic.Succeeded, dynamic.Outputs));
        Assert.Equal(["dn0"], dynamic.Futures!.Nodes.Select(n => n.Id));
        Assert.Equal(["add_one"], dynamic.Futures.Tasks.Select(t => t.Id.Name));
        Assert.True(File.Exists(Path.Combine(_dir, "repeat", Entrypoint.FuturesFile)));
        Assert.False(File.Exists(Path.Combine(_dir, "repeat", Entrypoint.OutputsFile)));

        // repeat(0, x) builds a workflow without nodes: its output is the input x, written as outputs.pb, as flytekit does.
        await File.WriteAllBytesAsync(inputs, Ints(("n", 0), ("x", 4)).ToBytes());
        var none = await Entrypoint.ExecuteAsync(new EntrypointOptions(inputs, Path.Combine(_dir, "none"), ""), Repeat.Spec, Engine, BlobStoreRouter.Local);

        Assert.Null(none.Futures);
        Assert.Equal(4L, await Engine.ToValueAsync<long>(ProtoSerializer.LiteralMapFromBytes(
            await File.ReadAllBytesAsync(Path.Combine(_dir, "none", Entrypoint.OutputsFile))).Literals["o0"]));
        Assert.False(File.Exists(Path.Combine(_dir, "none", Entrypoint.FuturesFile)));
    }
}
