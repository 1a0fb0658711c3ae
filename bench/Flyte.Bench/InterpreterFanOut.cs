using BenchmarkDotNet.Attributes;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Bench;

/// <summary>
/// The local interpreter's overhead per node: a workflow fanning one input out to 10,000 independent nodes of a
/// trivial task (<c>x + 1</c> on a long), against calling the same function 10,000 times directly (the baseline).
/// Each node resolves its binding, converts its input literal to a long and its output back to a literal, takes a
/// parallelism slot, runs in its own task execution context and is recorded. Divide the difference by 10,000 for
/// microseconds per node.
/// </summary>
[MemoryDiagnoser]
public class InterpreterFanOut
{
    private const int Nodes = 10_000;
    private WorkflowSpec _workflow = null!;
    private LocalInterpreter _interpreter = null!;
    private LiteralMap _inputs = null!;

    private static long AddOne(long x) => x + 1;

    [GlobalSetup]
    public void Setup()
    {
        var addOne = FlyteTask.Define("add_one", (long x) => AddOne(x));
        var builder = FlyteWorkflow.Define("fan_out").Input<long>("x");
        _workflow = builder.Then((b, x) =>
        {
            for (var i = 0; i < Nodes; i++) b.Call(addOne, x);
            return x;
        }).Build();
        _interpreter = new LocalInterpreter(new InterpreterOptions { Cache = CacheMode.NoCache });
        _inputs = new LiteralMap(ValueMap<Literal>.Empty.SetItem("x", new Literal(new Primitive.Integer(41))));
        if (_workflow.Nodes.Count != Nodes) throw new InvalidOperationException($"Expected {Nodes} nodes, built {_workflow.Nodes.Count}.");
    }

    /// <summary>The same function, called directly 10,000 times.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Nodes)]
    public long Direct()
    {
        long sum = 0;
        for (var i = 0; i < Nodes; i++) sum += AddOne(41 + (sum & 1));
        return sum;
    }

    /// <summary>10,000 nodes through the local interpreter.</summary>
    [Benchmark(OperationsPerInvoke = Nodes)]
    public int Interpreted() => _interpreter.RunAsync(_workflow, _inputs).GetAwaiter().GetResult().Nodes.Count;
}
