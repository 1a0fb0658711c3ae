using System.Text.Json.Nodes;
using Flyte.Compile;
using Flyte.Tests.Support;
using Xunit;
using static Flyte.Tests.Workflows.ControlFlowSamples;

namespace Flyte.Tests.Compile;

/// <summary>
/// Branches compile to the shape flytekit gives the same Python workflows (flytepropeller's compiler testdata,
/// branch/success_7_nested.json): a <c>branchNode.ifElse</c> whose operands are the branch node's inputs
/// (<c>.my_input</c>, <c>n0.o0</c>) or primitives, case nodes <c>n0-n0</c>…, an error naming the branch. Read back
/// with the npm package's JavaScript classes.
/// </summary>
public sealed class BranchCompilerTests
{
    private static JsonNode Nodes(Flyte.Workflows.WorkflowSpec workflow) =>
        FlyteidlJs.Decode(("flyteidl.admin.WorkflowSpec", FlyteCompiler.CompileWorkflow(workflow).Spec))[0]!["template"]!["nodes"]!;

    [Fact]
    public void An_if_else_compiles_to_a_branch_node_with_a_conjunction_of_comparisons()
    {
        var node = Nodes(Multiplier)[0]!;

        Assert.Equal(("n0", "fractions"), ((string)node["id"]!, (string)node["metadata"]!["name"]!));
        Assert.Equal(".my_input", (string)node["inputs"]![0]!["var"]!);
        Assert.Equal("my_input", (string)node["inputs"]![0]!["binding"]!["promise"]!["var"]!);
        var ifElse = node["branchNode"]!["ifElse"]!;
        var conjunction = ifElse["case"]!["condition"]!["conjunction"]!;
        Assert.Null(conjunction["operator"]); // AND, the default, is left out
        var left = conjunction["leftExpression"]!["comparison"]!;
        Assert.Equal((3, ".my_input", 0.1), ((int)left["operator"]!, (string)left["leftValue"]!["var"]!, (double)left["rightValue"]!["primitive"]!["floatValue"]!));
        var right = conjunction["rightExpression"]!["comparison"]!;
        Assert.Equal((5, 1.0), ((int)right["operator"]!, (double)right["rightValue"]!["primitive"]!["floatValue"]!));
        var then = ifElse["case"]!["thenNode"]!;
        Assert.Equal(("n0-n0", "double", "my_input"),
            ((string)then["id"]!, (string)then["taskNode"]!["referenceId"]!["name"]!, (string)then["inputs"]![0]!["binding"]!["promise"]!["var"]!));
        Assert.Equal(("n0-n1", "square"), ((string)ifElse["elseNode"]!["id"]!, (string)ifElse["elseNode"]!["taskNode"]!["referenceId"]!["name"]!));
        Assert.Null(ifElse["error"]);
    }

    [Fact]
    public void Elif_cases_go_to_other_and_a_failing_else_to_an_error_naming_the_branch()
    {
        var compiled = FlyteCompiler.CompileWorkflow(Multiplier2);
        var ifElse = Nodes(Multiplier2)[0]!["branchNode"]!["ifElse"]!;

        var other = Assert.Single(ifElse["other"]!.AsArray())!;
        Assert.Equal("n0-n1", (string)other["thenNode"]!["id"]!);
        Assert.Equal(10.0, (double)other["condition"]!["conjunction"]!["rightExpression"]!["comparison"]!["rightValue"]!["primitive"]!["floatValue"]!);
        Assert.Equal(("fractions", "The input must be between 0 and 10"), ((string)ifElse["error"]!["failedNodeId"]!, (string)ifElse["error"]!["message"]!));
        Assert.Null(ifElse["elseNode"]);
        Assert.Equal(["double", "square"], compiled.Tasks.Select(t => t.Template.Id.Name).Order());
    }

    [Fact]
    public void Nested_branches_nest_their_ids_and_bind_node_outputs_by_node_and_output()
    {
        var nodes = Nodes(Nested);
        var outer = nodes[1]!;

        Assert.Equal([".limit", ".x", "n0.o0"], outer["inputs"]!.AsArray().Select(i => (string)i!["var"]!));
        Assert.Equal(("n0", "o0"), ((string)outer["inputs"]![2]!["binding"]!["promise"]!["nodeId"]!, (string)outer["inputs"]![2]!["binding"]!["promise"]!["var"]!));
        Assert.Equal(["n0"], outer["upstreamNodeIds"]!.AsArray().Select(n => (string)n!));
        var ifElse = outer["branchNode"]!["ifElse"]!;
        var disjunction = ifElse["case"]!["condition"]!["conjunction"]!;
        Assert.Equal(1, (int)disjunction["operator"]!); // OR
        var compared = disjunction["leftExpression"]!["comparison"]!;
        Assert.Equal(("n0.o0", ".limit"), ((string)compared["leftValue"]!["var"]!, (string)compared["rightValue"]!["var"]!));
        Assert.Equal("100", (string)disjunction["rightExpression"]!["comparison"]!["rightValue"]!["primitive"]!["integer"]!);
        var inner = ifElse["case"]!["thenNode"]!;
        Assert.Equal(("n1-n0", "inner"), ((string)inner["id"]!, (string)inner["metadata"]!["name"]!));
        Assert.Equal(["n1-n0-n0", "n1-n0-n1"], new[] { inner["branchNode"]!["ifElse"]!["case"]!["thenNode"]!, inner["branchNode"]!["ifElse"]!["elseNode"]! }.Select(n => (string)n["id"]!));
        Assert.Equal("n1-n1", (string)ifElse["elseNode"]!["id"]!);
        Assert.Equal(("n1", "o0"), ((string)nodes[2]!["inputs"]![0]!["binding"]!["promise"]!["nodeId"]!, (string)nodes[2]!["inputs"]![0]!["binding"]!["promise"]!["var"]!));
    }
}
