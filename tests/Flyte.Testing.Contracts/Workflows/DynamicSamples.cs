using Flyte.Tasks;
using Flyte.Workflows;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Workflows;

/// <summary>Dynamic tasks (flytekit's <c>@dynamic</c>) and workflows that run them, shared by the tests.</summary>
public static class DynamicSamples
{
    /// <summary>A chain of <c>n</c> add_one nodes from the task's input <c>x</c>, built at run time.</summary>
    public static FlyteTask<long, long, long> Repeat { get; } = FlyteTask.Dynamic<long, long, long>("repeat", (n, x) =>
        FlyteWorkflow.Define("repeat_wf", Engine).Input<long>("x")
            .Then((b, start) =>
            {
                var last = start;
                for (var i = 0; i < n; i++) last = b.Call(AddOne, last);
                return last;
            })
            .Build(), Engine);

    /// <summary>A dynamic task whose workflow runs <see cref="Repeat"/> twice, the second on the first's output: dynamic inside dynamic.</summary>
    public static FlyteTask<long, long> Twice { get; } = FlyteTask.Dynamic<long, long>("twice", n =>
        FlyteWorkflow.Define("twice_wf", Engine)
            .Then(b => b.Call(Repeat, b.Constant(n), b.Call(Repeat, b.Constant(n), b.Constant(0L))))
            .Build(), Engine);

    /// <summary><c>repeat(n, x)</c> as a workflow.</summary>
    public static WorkflowSpec RepeatWf { get; } = FlyteWorkflow.Define("repeat_dynamic", Engine).Input<long>("n").Input<long>("x")
        .Then((b, n, x) => b.Call(Repeat, n, x)).Build();

    /// <summary><c>twice(n)</c> as a workflow, its output fed on to add_one.</summary>
    public static WorkflowSpec TwiceWf { get; } = FlyteWorkflow.Define("twice_dynamic", Engine).Input<long>("n")
        .Then((b, n) => b.Call(AddOne, b.Call(Twice, n))).Build();
}
