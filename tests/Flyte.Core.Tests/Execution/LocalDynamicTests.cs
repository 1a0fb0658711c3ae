using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;
using Xunit;

namespace Flyte.Tests.Execution;

/// <summary>Dynamic tasks on the local interpreter: the body builds a workflow, the interpreter runs it.</summary>
public sealed class LocalDynamicTests
{
    private static readonly FlyteTask<long, long> AddOne = FlyteTask.Define("add_one", (long x) => x + 1);

    /// <summary>A chain of <c>n</c> add_one nodes from <c>x</c>, built at run time.</summary>
    private static readonly FlyteTask<long, long, long> Repeat = FlyteTask.Dynamic<long, long, long>("repeat", (n, x) =>
        FlyteWorkflow.Define("repeat_wf").Input<long>("x")
            .Then((b, start) =>
            {
                var last = start;
                for (var i = 0; i < n; i++) last = b.Call(AddOne, last);
                return last;
            })
            .Build());

    /// <summary>A dynamic task whose workflow runs <see cref="Repeat"/> twice: dynamic inside dynamic.</summary>
    private static readonly FlyteTask<long, long> Twice = FlyteTask.Dynamic<long, long>("twice", n =>
        FlyteWorkflow.Define("twice_wf")
            .Then(b => b.Call(Repeat, b.Constant(n), b.Call(Repeat, b.Constant(n), b.Constant(0L))))
            .Build());

    private static WorkflowSpec Wf<TIn, TOut>(FlyteTask<TIn, TOut> task) =>
        FlyteWorkflow.Define("wf").Input<TIn>("n").Then((b, n) => b.Call(task, n)).Build();

    [Fact]
    public async Task The_built_workflow_runs_and_its_outputs_are_the_tasks()
    {
        var wf = FlyteWorkflow.Define("wf").Input<long>("n").Input<long>("x").Then((b, n, x) => b.Call(Repeat, n, x)).Build();

        var result = await new LocalInterpreter().RunAsync(wf, new { n = 3L, x = 10L });

        Assert.Equal(13L, await result.OutputsAsync<long>(TypeEngine.Default));
        Assert.Equal(["n0/n0", "n0/n1", "n0/n2"], result.Node("n0").SubNodes.Select(n => n.NodeId));
    }

    [Fact]
    public async Task A_dynamic_task_nested_in_a_dynamic_task_runs_even_one_node_at_a_time()
    {
        var interpreter = new LocalInterpreter(new InterpreterOptions { MaxDegreeOfParallelism = 1 });

        var result = await interpreter.RunAsync(Wf(Twice), new { n = 2L });

        Assert.Equal(4L, await result.OutputsAsync<long>(TypeEngine.Default));
        var inner = result.Node("n0").SubNodes;
        Assert.Equal(["n0/n0", "n0/n1"], inner.Select(n => n.NodeId));
        Assert.Equal(["n0/n0/n0", "n0/n0/n1"], inner[0].SubNodes.Select(n => n.NodeId));
    }

    [Fact]
    public async Task A_built_workflow_without_the_tasks_output_fails_naming_both()
    {
        var empty = FlyteTask.Dynamic<long, long>("empty", n => FlyteWorkflow.Define("nothing").Build());

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => new LocalInterpreter().RunAsync(Wf(empty), new { n = 1L }));

        Assert.Equal("n0", error.NodeId);
        Assert.Contains("Dynamic task 'empty' built workflow 'nothing' without output 'o0'", error.Message);
    }
}
