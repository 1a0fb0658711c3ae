using System.Globalization;
using BenchmarkDotNet.Attributes;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Bench;

/// <summary>
/// The local interpreter's overhead per map element: a map task (<c>int -> string</c>, flytesnacks'
/// <c>a_mappable_task</c>) over a list of 10,000 integers, against calling the same function on the same 10,000
/// integers directly (the baseline). Each element gets its inputs split from the list, converts its literal to an int
/// and its output back, takes a parallelism slot, runs in its own task execution context, and its output is collected
/// into the list. Both are reported per element.
/// </summary>
[MemoryDiagnoser]
public class MapTaskElements
{
    private const int Elements = 10_000;
    private int[] _values = null!;
    private WorkflowSpec _workflow = null!;
    private LocalInterpreter _interpreter = null!;
    private LiteralMap _inputs = null!;

    private static string AMappableTask(int a) => (a + 2).ToString(CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        _values = Enumerable.Range(0, Elements).ToArray();
        var task = FlyteTask.Define("a_mappable_task", (int a) => AMappableTask(a));
        _workflow = FlyteWorkflow.Define("map_elements").Input<IReadOnlyList<int>>("a")
            .Then((b, a) => b.Map(task, a)).Build();
        _interpreter = new LocalInterpreter(new InterpreterOptions { Cache = CacheMode.NoCache });
        var list = new LiteralCollection(new(_values.Select(v => new Literal(new Primitive.Integer(v)))));
        _inputs = new LiteralMap(ValueMap<Literal>.Empty.SetItem("a", new Literal(list)));
        var outputs = _interpreter.RunAsync(_workflow, _inputs).GetAwaiter().GetResult().Outputs;
        var collected = ((LiteralCollection)outputs.Literals.Single().Value.Value).Literals;
        if (collected.Count != Elements) throw new InvalidOperationException($"Expected {Elements} outputs, got {collected.Count}.");
    }

    /// <summary>The same function, called directly on the 10,000 integers.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Elements)]
    public int Direct()
    {
        var length = 0;
        foreach (var value in _values) length += AMappableTask(value).Length;
        return length;
    }

    /// <summary>A map task over the 10,000 integers through the local interpreter.</summary>
    [Benchmark(OperationsPerInvoke = Elements)]
    public int Mapped() => _interpreter.RunAsync(_workflow, _inputs).GetAwaiter().GetResult().Nodes.Count;
}
