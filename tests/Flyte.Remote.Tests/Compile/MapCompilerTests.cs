using Flyte.Compile;
using Flyte.Tasks;
using Flyte.Tests.Support;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.MapSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Compile;

/// <summary>
/// Map tasks compile as flytekit's ArrayNodeMapTask does: an <c>arrayNode</c> whose sub-node (same id and bindings) runs
/// a map task template named <c>map_&lt;task&gt;_&lt;md5&gt;-arraynode</c> (the md5 of the bound inputs and options as
/// Python writes them), of <c>task_type_version</c> 1 and the list interface. Read back with the npm classes.
/// </summary>
public sealed class MapCompilerTests
{
    [Fact]
    public void A_map_compiles_to_an_array_node_running_the_map_task_template()
    {
        var compiled = FlyteCompiler.CompileWorkflow(MyMapWorkflow);
        var mapTask = compiled.Tasks.Single(t => t.Template.Id.Name.StartsWith("map_", StringComparison.Ordinal));
        var decoded = FlyteidlJs.Decode(("flyteidl.admin.WorkflowSpec", compiled.Spec), ("flyteidl.admin.TaskSpec", mapTask.Spec));

        var node = decoded[0]!["template"]!["nodes"]![0]!;
        // md5("NoneNoneNone"): no bound inputs, no concurrency, min_successes or min_success_ratio.
        const string name = "map_a_mappable_task_2a41f3dbfcdbe1d9b1c927a7c6a95f9e-arraynode";
        Assert.Equal(("n0", name), ((string)node["id"]!, (string)node["metadata"]!["name"]!));
        var sub = node["arrayNode"]!["node"]!;
        Assert.Equal(("n0", name, "a"), ((string)sub["id"]!, (string)sub["taskNode"]!["referenceId"]!["name"]!, (string)sub["inputs"]![0]!["var"]!));
        Assert.Null(node["arrayNode"]!["parallelism"]);
        var template = decoded[1]!["template"]!;
        Assert.Equal(1, (int)template["taskTypeVersion"]!);
        Assert.Equal(1, (int)template["interface"]!["inputs"]!["variables"]!["a"]!["type"]!["collectionType"]!["simple"]!); // INTEGER
        Assert.Equal(3, (int)template["interface"]!["outputs"]!["variables"]!["o0"]!["type"]!["collectionType"]!["simple"]!); // STRING
        // The container runs the task itself: propeller hands each element its own items.
        Assert.Equal(FlyteCompiler.CompileTask(AMappableTask.Spec).Template.Container.Args,
            template["container"]!["args"]!.AsArray().Select(a => (string)a!));
        Assert.Equal("coalesce", (string)decoded[0]!["template"]!["nodes"]![1]!["taskNode"]!["referenceId"]!["name"]!);
    }

    [Fact]
    public void Bound_inputs_concurrency_and_the_success_ratio_go_to_the_array_node_the_name_and_the_custom_field()
    {
        var compiled = FlyteCompiler.CompileWorkflow(TolerantPartial(Add, new MapOptions { Concurrency = 2, MinSuccessRatio = 0.5 }));
        var node = FlyteidlJs.Decode(("flyteidl.admin.WorkflowSpec", compiled.Spec))[0]!["template"]!["nodes"]![0]!;

        var array = node["arrayNode"]!;
        Assert.Equal((2, 0.5), ((int)array["parallelism"]!, (double)array["minSuccessRatio"]!));
        // md5("y2None0.5"): the bound input, the concurrency, no min_successes, the ratio.
        Assert.Equal("map_add_2aa9461143831d83e14ec4280d416a35-arraynode", (string)node["metadata"]!["name"]!);
        var template = compiled.Tasks.Single(t => t.Template.Id.Name.StartsWith("map_", StringComparison.Ordinal)).Template;
        Assert.Equal("2", template.Custom.Fields["parallelism"].StringValue);
        Assert.Equal(0.5, template.Custom.Fields["minSuccessRatio"].NumberValue);
        Assert.Equal(Pb(LiteralType.Of(SimpleType.Integer)), template.Interface.Inputs.Variables["y"].Type);
        Assert.Equal(Pb(LiteralType.CollectionOf(LiteralType.Of(SimpleType.Integer))), template.Interface.Inputs.Variables["x"].Type);
        // flytekit's List[Optional[int]] under a ratio below 1: int tagged "int", none tagged "none".
        var optional = LiteralType.UnionOf(LiteralType.Of(SimpleType.Integer).WithTag("int"), LiteralType.Of(SimpleType.None).WithTag("none"));
        Assert.Equal(Pb(LiteralType.CollectionOf(optional)), template.Interface.Outputs.Variables["o0"].Type);
        Assert.Equal(Pb(LiteralType.CollectionOf(optional)), compiled.Template.Interface.Outputs.Variables["o0"].Type);
    }

    [Fact]
    public void A_ratio_below_one_needs_the_optional_map_and_the_optional_map_needs_one()
    {
        var ratio = Assert.Throws<WorkflowBuildException>(() => Partial(Add, new MapOptions { MinSuccessRatio = 0.5 }));
        Assert.Contains("has a list of optionals as its output (flytekit's List[Optional[T]]): use MapOptional", ratio.Message);
        var none = Assert.Throws<WorkflowBuildException>(() => TolerantPartial(Add, new MapOptions { MinSuccesses = 1 }));
        Assert.Contains("MapOptional of task 'add' needs a min_success_ratio below 1", none.Message);
        // A ratio of exactly 1 is flytekit's plain list.
        Assert.False(Assert.IsType<MapTarget>(Partial(Add, new MapOptions { MinSuccessRatio = 1 }).Nodes[0].Target).OptionalOutputs);
    }

    private static Flyteidl.Core.LiteralType Pb(LiteralType type) => Flyte.Proto.ProtoMapping.ToProto(type);
}
