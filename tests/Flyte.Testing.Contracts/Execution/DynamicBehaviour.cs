using Flyte.Execution;
using Xunit;
using static Flyte.Tests.Workflows.DynamicSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>Dynamic tasks, on every interpreter.</summary>
public abstract partial class InterpreterBehaviour
{
    [Fact]
    public async Task A_dynamic_task_runs_the_workflow_it_builds_from_its_inputs_as_the_nodes_sub_nodes()
    {
        var result = await Interpreter().RunAsync(RepeatWf, new { n = 3L, x = 10L });

        Assert.Equal(13L, await result.OutputsAsync<long>(Engine));
        var node = result.Node("n0");
        Assert.True(node.IsDynamic);
        Assert.Equal(("repeat", 13L), (node.Name, await Engine.ToValueAsync<long>(node.Outputs.Literals["o0"])));
        Assert.Equal(["add_one", "add_one", "add_one"], node.SubNodes.Select(n => n.Name));
        Assert.All(node.SubNodes, n => Assert.StartsWith("n0/", n.NodeId));
        Assert.Equal(12L, await Engine.ToValueAsync<long>(node.SubNodes[1].Outputs.Literals["o0"]));
    }

    [Fact]
    public async Task A_dynamic_task_nested_in_a_dynamic_task_runs_even_one_node_at_a_time_and_feeds_nodes_downstream()
    {
        var result = await Interpreter(parallelism: 1).RunAsync(TwiceWf, new { n = 2L });

        Assert.Equal(5L, await result.OutputsAsync<long>(Engine));
        var twice = result.Node("n0");
        Assert.True(twice.IsDynamic);
        Assert.Equal(["repeat", "repeat"], twice.SubNodes.Select(n => n.Name));
        Assert.All(twice.SubNodes, n => Assert.True(n.IsDynamic));
        Assert.Equal(["add_one", "add_one"], twice.SubNodes[0].SubNodes.Select(n => n.Name));
        var repeated = await Task.WhenAll(twice.SubNodes.Select(n => Engine.ToValueAsync<long>(n.Outputs.Literals["o0"]).AsTask()));
        Assert.Equal(new long[] { 2, 4 }, repeated);
    }
}
