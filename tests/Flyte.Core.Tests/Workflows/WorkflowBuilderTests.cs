using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

public class WorkflowBuilderTests
{
    private static readonly LiteralType Int = LiteralType.Of(SimpleType.Integer);

    private static WorkflowSpec BatchWorkflow() =>
        FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => (summary, b.Call(SummarizeResults, summary), b.Call(Describe, summary.Field<double>("average"))))
            .Build();

    [Fact]
    public void Nodes_get_ids_in_creation_order_and_edges_from_their_bindings()
    {
        var wf = BatchWorkflow();

        Assert.Equal(["n0", "n1", "n2"], wf.Nodes.Select(n => n.Id));
        Assert.Equal(new Binding("batch", new BindingData.Reference(new Promise(Promise.StartNode, "batch"))), wf.Nodes[0].Inputs.Single());
        Assert.Equal(["n0"], wf.Nodes[1].UpstreamIds.ToArray());
        Assert.Equal(new Promise("n0", "o0", new([new PromiseAttribute.Key("average")])),
            ((BindingData.Reference)wf.Nodes[2].Inputs.Single().Data).Promise);
        Assert.Equal(["o0", "o1", "o2"], wf.Interface.Outputs.Select(o => o.Name));
        Assert.Equal(Engine.LiteralTypeOf<PredictionSummary>(), wf.Interface.Outputs[0].Type);
    }

    [Fact]
    public void Building_twice_gives_equal_values()
    {
        Assert.Equal(BatchWorkflow(), BatchWorkflow());
        Assert.Equal(BatchWorkflow().GetHashCode(), BatchWorkflow().GetHashCode());
    }

    [Fact]
    public void Attribute_access_takes_its_type_from_the_records_dataclass_type()
    {
        FlyteWorkflow.Define("wf", Engine).Input<PredictionSummary>("s").Then((b, s) =>
        {
            Assert.Equal(LiteralType.Of(SimpleType.Float), s.Field<double>("average").Type);
            Assert.Equal(LiteralType.CollectionOf(LiteralType.Of(SimpleType.Float)), s.Field<IReadOnlyList<double>>("predictions").Type);
            Assert.Equal(LiteralType.Of(SimpleType.Float), s.Field<IReadOnlyList<double>>("predictions").At<double>(0).Type);
            Assert.Equal(s.Field<double>("average"), s.Field(x => x.Average, Engine));
            var error = Assert.Throws<WorkflowBuildException>(() => s.Field<double>("mean"));
            Assert.Contains("average", error.Message);
            return s;
        });
    }

    [Fact]
    public void A_binding_whose_type_cannot_flow_is_rejected_naming_node_input_and_types()
    {
        var (draft, text) = WorkflowDraft.Create("wf", Engine).AddInput<string>("text");

        var error = Assert.Throws<WorkflowBuildException>(() => draft.AddNode(AddOne.Spec, [text]));

        Assert.Contains("Node n0 (add_one)", error.Message);
        Assert.Contains("input 'x'", error.Message);
        Assert.Contains(Int.ToString(), error.Message);
        Assert.Contains(LiteralType.Of(SimpleType.String).ToString(), error.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_rejected_when_bound()
    {
        var error = Assert.Throws<WorkflowBuildException>(() => FlyteWorkflow.Define("wf", Engine)
            .Input<PredictionSummary>("s")
            .Then((b, s) => b.Call(AddOne, s.Field<long>("average")))
            .Build());
        Assert.Contains("input 'x'", error.Message);
    }

    [Fact]
    public void Constants_and_setup_teardown_nodes_are_part_of_the_value()
    {
        var setup = FlyteTask.Define("setup", () => { }, Engine);
        var teardown = FlyteTask.Define("teardown", () => { }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine)
            .Setup(setup)
            .Input<long>("x")
            .Then((b, x) => b.Call(Add, x, b.Constant(10L)))
            .Teardown(teardown)
            .Build();

        Assert.Equal("n0", wf.Setup!.Id);
        Assert.Equal("n1", wf.Nodes.Single().Id);
        Assert.Equal("n2", wf.Teardown!.Id);
        Assert.Equal(new BindingData.Constant(new Literal(new Primitive.Integer(10))), wf.Nodes[0].Inputs[1].Data);
    }

    [Fact]
    public void Mermaid_and_dot_renderings_are_deterministic_text()
    {
        var wf = FlyteWorkflow.Define("sum_wf", Engine)
            .Input<long>("x").Input<long>("y")
            .Then((b, x, y) => (b.Call(AddOne, x), b.Call(AddOne, y)))
            .Then((b, xy) => b.Call(Add, xy.Item1, xy.Item2))
            .Build();

        Assert.Equal("""
            flowchart TD
                start_node(["start: x, y"])
                n0["n0: add_one"]
                n1["n1: add_one"]
                n2["n2: add"]
                end_node(["end: o0"])
                start_node -->|"x → x"| n0
                start_node -->|"y → x"| n1
                n0 -->|"o0 → x"| n2
                n1 -->|"o0 → y"| n2
                n2 -->|"o0 → o0"| end_node

            """.ReplaceLineEndings("\n"), WorkflowGraph.ToMermaid(wf));
        Assert.Equal("""
            digraph "sum_wf" {
                rankdir=TB;
                "start" [shape=oval, label="start\nx, y"];
                "n0" [shape=box, label="n0\nadd_one"];
                "n1" [shape=box, label="n1\nadd_one"];
                "n2" [shape=box, label="n2\nadd"];
                "end" [shape=oval, label="end\no0"];
                "start" -> "n0" [label="x → x"];
                "start" -> "n1" [label="y → x"];
                "n0" -> "n2" [label="o0 → x"];
                "n1" -> "n2" [label="o0 → y"];
                "n2" -> "end" [label="o0 → o0"];
            }

            """.ReplaceLineEndings("\n"), WorkflowGraph.ToDot(wf));
    }
}
