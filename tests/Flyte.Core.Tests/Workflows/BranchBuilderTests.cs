using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.ControlFlowSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

public class BranchBuilderTests
{
    [Fact]
    public void A_branch_binds_the_promises_its_conditions_compare_and_waits_for_its_cases_inputs()
    {
        var node = Nested.Nodes[1];
        var branch = Assert.IsType<BranchTarget>(node.Target);

        Assert.Equal([".limit", ".x", "n0.o0"], node.Inputs.Select(b => b.Var));
        Assert.Equal(new BindingData.Reference(new Promise("n0", "o0")), node.Inputs[2].Data);
        Assert.Equal(["n0"], node.UpstreamIds.ToArray());
        Assert.Equal(["n1-n0", "n1-n1"], branch.Block.Nodes.Select(n => n.Id));
        var inner = Assert.IsType<BranchTarget>(branch.Block.Case.ThenNode.Target);
        Assert.Equal(["n1-n0-n0", "n1-n0-n1"], inner.Block.Nodes.Select(n => n.Id));
        Assert.Equal(["o0"], branch.Interface.Outputs.Select(o => o.Name));
        Assert.Equal(new BindingData.Reference(new Promise("n1", "o0")), Nested.Nodes[2].Inputs[0].Data);
    }

    [Fact]
    public void A_case_runs_exactly_one_node()
    {
        var error = Assert.Throws<WorkflowBuildException>(() => FlyteWorkflow.Define("two", Engine).Input<long>("x")
            .Then((b, x) => b.If("choice", x.Gt(0L), c =>
            {
                c.Call(AddOne, x);
                return c.Call(AddOne, x);
            }).Else(c => c.Call(AddOne, x)))
            .Build());

        Assert.Contains("branch 'choice': case 1 adds 2 nodes; a case runs exactly one node", error.Message);
    }

    [Fact]
    public void A_case_binds_neither_nodes_of_other_cases_nor_unknown_nodes()
    {
        var error = Assert.Throws<WorkflowBuildException>(() => FlyteWorkflow.Define("leak", Engine).Input<long>("x")
            .Then((b, x) =>
            {
                Promise<long>? first = null;
                return b.If("choice", x.Gt(0L), c => first = c.Call(AddOne, x)).Else(c => c.Call(AddOne, first!));
            })
            .Build());

        Assert.Contains("refers to n0-n0.o0, which is not an input or an output of an earlier node", error.Message);
    }

    [Fact]
    public void A_constant_that_is_not_a_primitive_is_refused_with_its_type_named()
    {
        var error = Assert.Throws<WorkflowBuildException>(() => FlyteWorkflow.Define("bad", Engine).Input<BatchRequest>("b")
            .Then((b, batch) => b.If("choice", batch.Eq(Batch), c => c.Call(ProcessBatch, batch)).Else(c => c.Call(ProcessBatch, batch)))
            .Build());

        Assert.Contains("BatchRequest is none of them", error.Message);
    }

    [Fact]
    public void Mermaid_and_dot_show_a_branch_as_a_diamond_with_an_edge_per_case()
    {
        Assert.Equal("""
            flowchart TD
                start_node(["start: my_input"])
                n0{"n0: fractions"}
                n0_n0["n0-n0: double"]
                n0_n1["n0-n1: square"]
                end_node(["end: o0"])
                start_node -->|"my_input → .my_input"| n0
                start_node -->|"my_input → n"| n0_n0
                start_node -->|"my_input → n"| n0_n1
                n0 -->|"if (.my_input >= 0.1) & (.my_input <= 1)"| n0_n0
                n0 -->|"else"| n0_n1
                n0 -->|"o0 → o0"| end_node

            """.ReplaceLineEndings("\n"), WorkflowGraph.ToMermaid(Multiplier));
        var dot = WorkflowGraph.ToDot(Multiplier2);
        Assert.Contains("\"n0\" [shape=diamond, label=\"n0\\nfractions\"];", dot);
        Assert.Contains("\"n0\" -> \"n0-n1\" [label=\"if (.my_input > 1) & (.my_input <= 10)\"];", dot);
        Assert.DoesNotContain("else", dot);
    }
}
