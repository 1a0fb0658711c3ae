using Flyte.Execution;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.ControlFlowSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>Branches, on every interpreter.</summary>
public abstract partial class InterpreterBehaviour
{
    [Theory]
    [InlineData(0.5, 1.0, "double")]
    [InlineData(0.1, 0.2, "double")]
    [InlineData(3.0, 9.0, "square")]
    public async Task A_branch_runs_the_first_case_that_holds_else_the_else_node(double input, double expected, string ran)
    {
        var result = await Interpreter().RunAsync(Multiplier, new { my_input = input });

        Assert.Equal(expected, await result.OutputsAsync<double>(Engine));
        var branch = result.Node("n0");
        Assert.Equal("fractions", branch.Name);
        var taken = Assert.Single(branch.SubNodes);
        Assert.Equal((ran == "double" ? "n0/n0-n0" : "n0/n0-n1", ran), (taken.NodeId, taken.Name));
        Assert.Equal(expected, await Engine.ToValueAsync<double>(branch.Outputs.Literals["o0"]));
    }

    [Fact]
    public async Task An_elif_chain_is_tried_in_order_and_an_error_else_fails_the_node_with_its_message()
    {
        Assert.Equal(25.0, await Interpreter().RunAsync<double>(Multiplier2, new { my_input = 5.0 }));

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(Multiplier2, new { my_input = 20.0 }));

        Assert.Equal(("n0", "fractions", FailureKind.UserError), (error.NodeId, error.Name, error.Kind));
        Assert.Contains("The input must be between 0 and 10", error.Message);
    }

    [Theory]
    [InlineData(0L, 10L, 2L + 0L)]       // next = 1 < 10, inner: 1 <= 2 → add_one(1) = 2; + x
    [InlineData(4L, 10L, 10L + 4L)]      // next = 5 < 10, inner else → add(5, 5) = 10; + x
    [InlineData(20L, 10L, 11L + 20L)]    // next = 21 ≥ 10 → outer else: add_one(limit) = 11; + x
    [InlineData(100L, 10L, 202L + 100L)] // x == 100 → outer case; inner else → add(101, 101)
    public async Task Branches_nest_compare_promises_with_promises_and_feed_nodes_downstream(long x, long limit, long expected)
    {
        var result = await Interpreter().RunAsync(Nested, new { x, limit });

        Assert.Equal(expected, await result.OutputsAsync<long>(Engine));
        Assert.Equal(["n0", "n1", "n2"], result.Nodes.Select(n => n.NodeId));
    }
}
