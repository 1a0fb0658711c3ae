using Flyte.Tasks;
using Flyte.Workflows;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

/// <summary>The flytesnacks control-flow workflows, built with the C# builder, shared by the tests.</summary>
public static class ControlFlowSamples
{
    public static FlyteTask<double, double> Square { get; } = FlyteTask.Define("square", (double n) => n * n, Engine);

    public static FlyteTask<double, double> Double { get; } = FlyteTask.Define("double", (double n) => 2 * n, Engine);

    /// <summary>Doubles inputs from 0.1 to 1.0, squares the others.</summary>
    public static WorkflowSpec Multiplier { get; } = FlyteWorkflow.Define("multiplier", Engine)
        .Input<double>("my_input")
        .Then((b, x) => b.If("fractions", x.Gte(0.1) & x.Lte(1.0), c => c.Call(Double, x))
            .Else(c => c.Call(Square, x)))
        .Build();

    /// <summary>Doubles fractions, squares 1 to 10, fails otherwise.</summary>
    public static WorkflowSpec Multiplier2 { get; } = FlyteWorkflow.Define("multiplier_2", Engine)
        .Input<double>("my_input")
        .Then((b, x) => b.If("fractions", x.Gt(0.1) & x.Lt(1.0), c => c.Call(Double, x))
            .ElseIf(x.Gt(1.0) & x.Lte(10.0), c => c.Call(Square, x))
            .Fail("The input must be between 0 and 10"))
        .Build();

    /// <summary>A branch in a branch, on a node's output compared with an input; its output feeds a node downstream.</summary>
    public static WorkflowSpec Nested { get; } = FlyteWorkflow.Define("nested", Engine)
        .Input<long>("x").Input<long>("limit")
        .Then((b, x, limit) =>
        {
            var next = b.Call(AddOne, x);
            var chosen = b.If("outer", next.Lt(limit) | x.Eq(100L), c => c
                    .If("inner", next.Lte(2L), i => i.Call(AddOne, next))
                    .Else(i => i.Call(Add, next, next)))
                .Else(c => c.Call(AddOne, limit));
            return b.Call(Add, chosen, x);
        })
        .Build();
}

/// <summary>The flytesnacks map-task workflow, built with the C# builder.</summary>
public static class MapSamples
{
    public static FlyteTask<long, string> AMappableTask { get; } = FlyteTask.Define("a_mappable_task", (long a) => (a + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), Engine);

    public static FlyteTask<IReadOnlyList<string>, string> Coalesce { get; } = FlyteTask.Define("coalesce", (IReadOnlyList<string> b) => string.Concat(b), Engine);

    /// <summary>Maps <see cref="AMappableTask"/> over <c>a</c> and joins the strings.</summary>
    public static WorkflowSpec MyMapWorkflow { get; } = FlyteWorkflow.Define("my_map_workflow", Engine)
        .Input<IReadOnlyList<long>>("a")
        .Then((b, a) => b.Call(Coalesce, b.Map(AMappableTask, a)))
        .Build();

    /// <summary>Maps <paramref name="task"/> over <c>xs</c>, its second input bound to <c>y</c>, with <paramref name="options"/>.</summary>
    public static WorkflowSpec Partial(FlyteTask<long, long, long> task, MapOptions? options = null) => FlyteWorkflow.Define("partial_map", Engine)
        .Input<IReadOnlyList<long>>("xs").Input<long>("y")
        .Then((b, xs, y) => b.Map(task, xs, y, options))
        .Build();

    /// <summary><see cref="Partial"/> whose elements may fail under <paramref name="options"/>' success ratio: a list of optionals.</summary>
    public static WorkflowSpec TolerantPartial(FlyteTask<long, long, long> task, MapOptions options) => FlyteWorkflow.Define("tolerant_map", Engine)
        .Input<IReadOnlyList<long>>("xs").Input<long>("y")
        .Then((b, xs, y) => b.MapOptional(task, xs, y, options))
        .Build();
}
