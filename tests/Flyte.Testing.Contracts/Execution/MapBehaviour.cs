using System.Collections.Concurrent;
using Flyte.Execution;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.MapSamples;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>Map tasks, on every interpreter.</summary>
public abstract partial class InterpreterBehaviour
{
    [Fact]
    public async Task A_map_task_runs_the_task_per_element_and_collects_the_outputs_in_order()
    {
        var result = await Interpreter().RunAsync(MyMapWorkflow, new { a = new List<long> { 1, 2, 3, 4, 5 } });

        Assert.Equal("34567", await result.OutputsAsync<string>(Engine));
        Assert.Equal(["3", "4", "5", "6", "7"], await Engine.ToValueAsync<IReadOnlyList<string>>(result.Node("n0").Outputs.Literals["o0"]));
        Assert.Equal("", await Interpreter().RunAsync<string>(MyMapWorkflow, new { a = new List<long>() }));
    }

    [Fact]
    public async Task A_bound_input_reaches_every_element_and_concurrency_bounds_the_elements_running()
    {
        var (running, maximum) = (0, 0);
        var scale = FlyteTask.Define("scale", async (long x, long factor) =>
        {
            InterlockedMax(ref maximum, Interlocked.Increment(ref running));
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return x * factor;
        }, Engine);

        var scaled = await Interpreter(parallelism: 4).RunAsync<IReadOnlyList<long>>(
            Partial(scale, new MapOptions { Concurrency = 1 }), new { xs = new List<long> { 1, 2, 3, 4 }, y = 10L });

        Assert.Equal([10L, 20L, 30L, 40L], scaled);
        Assert.Equal(1, maximum);
    }

    [Fact]
    public async Task Elements_are_retried_on_their_own()
    {
        var attempts = new ConcurrentDictionary<long, int>();
        var flaky = FlyteTask.Define("flaky_scale", (long x, long factor) =>
            attempts.AddOrUpdate(x, 1, (_, n) => n + 1) == 1 && x % 2 == 0 ? throw new FlyteRecoverableException($"element {x} flaked") : x * factor,
            Engine).WithRetries(1);

        var scaled = await Interpreter().RunAsync<IReadOnlyList<long>>(Partial(flaky), new { xs = new List<long> { 1, 2, 3, 4 }, y = 3L });

        Assert.Equal([3L, 6L, 9L, 12L], scaled);
    }

    [Fact]
    public async Task A_success_ratio_lets_elements_fail_as_nones_and_too_many_failures_fail_the_node()
    {
        var picky = FlyteTask.Define("picky", (long x, long limit) => x > limit ? throw new InvalidOperationException($"{x} is over {limit}") : x, Engine);
        var tolerant = TolerantPartial(picky, new MapOptions { MinSuccessRatio = 0.5 });

        var result = await Interpreter().RunAsync(tolerant, new { xs = new List<long> { 1, 5, 2 }, y = 3L });

        // As propeller collects an array node's outputs: each element's own literal, a none for the failed one.
        var items = Assert.IsType<LiteralCollection>(result.Outputs.Literals["o0"].Value).Literals;
        Assert.Equal([new Literal(new Primitive.Integer(1)), new Literal(Flyte.Void.Instance), new Literal(new Primitive.Integer(2))], items.ToArray());
        Assert.Equal([1L, null, 2L], await result.OutputsAsync<IReadOnlyList<long?>>(Engine));

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(tolerant, new { xs = new List<long> { 7, 5, 2 }, y = 3L }));
        Assert.Equal(("n0", FailureKind.UserError), (error.NodeId, error.Kind));
        Assert.Contains("2 of 3 elements failed and 2 must succeed", error.Message);
    }
}
