using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.MapSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

public class MapBuilderTests
{
    [Fact]
    public void A_map_node_has_the_list_interface_and_binds_the_list_and_the_fixed_value()
    {
        var node = Partial(Add).Nodes.Single();
        var map = Assert.IsType<MapTarget>(node.Target);

        var integer = LiteralType.Of(SimpleType.Integer);
        Assert.Equal([new Variable("x", LiteralType.CollectionOf(integer)), new Variable("y", integer)], map.Interface.Inputs.ToArray());
        Assert.Equal([new Variable("o0", LiteralType.CollectionOf(integer))], map.Interface.Outputs.ToArray());
        Assert.Equal(["y"], map.BoundInputs.ToArray());
        Assert.Equal(["xs", "y"], node.Inputs.Select(b => ((BindingData.Reference)b.Data).Promise.Var));
    }

    [Fact]
    public void A_map_refuses_tasks_of_several_outputs_unknown_bound_inputs_and_bad_ratios()
    {
        var pair = FlyteTask.Define("pair", (long x) => (x, x), Engine);

        Assert.Contains("has 2 outputs; a map task maps tasks of one output",
            Assert.Throws<WorkflowBuildException>(() => MapTarget.Of(pair.Spec, [])).Message);
        Assert.Contains("has no input 'z' to bind",
            Assert.Throws<WorkflowBuildException>(() => MapTarget.Of(Add.Spec, ["z"])).Message);
        Assert.Contains("binds every input",
            Assert.Throws<WorkflowBuildException>(() => MapTarget.Of(Add.Spec, ["x", "y"])).Message);
        Assert.Contains("min_success_ratio is 1.5, expected 0 to 1",
            Assert.Throws<WorkflowBuildException>(() => MapTarget.Of(Add.Spec, [], new MapOptions { MinSuccessRatio = 1.5 })).Message);
    }

    [Theory]
    [InlineData(null, null, 10, 10)]
    [InlineData(null, 0.5, 5, 3)]
    [InlineData(2, 0.9, 10, 2)]
    public void The_required_successes_are_counted_as_flytekit_counts_them(int? minSuccesses, double? ratio, int count, int required) =>
        Assert.Equal(required, new MapOptions { MinSuccesses = minSuccesses, MinSuccessRatio = ratio }.Required(count));

    [Fact]
    public void Mermaid_and_dot_show_a_map_as_a_parallelogram_of_its_task()
    {
        Assert.Contains("    n0[/\"n0: map a_mappable_task\"/]\n", WorkflowGraph.ToMermaid(MyMapWorkflow));
        Assert.Contains("\"n0\" [shape=parallelogram, label=\"n0\\nmap a_mappable_task\"];", WorkflowGraph.ToDot(MyMapWorkflow));
    }
}
