using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>
/// What the interpreters share about running a map task, as propeller's array node does: each element's inputs are the
/// mapped lists' items at its index plus the bound inputs whole; the outputs are collected in element order, a failed
/// element as a none; the node fails when fewer elements succeeded than its options require.
/// </summary>
public static class MapElements
{
    /// <summary>The inputs of each element of map node <paramref name="id"/>.</summary>
    /// <exception cref="WorkflowNodeFailedException">A mapped input is not a list, or the lists differ in length (a system error).</exception>
    public static IReadOnlyList<LiteralMap> Split(string id, MapTarget map, LiteralMap inputs)
    {
        try
        {
            return Split(map, inputs);
        }
        catch (WorkflowBindingException e)
        {
            throw new WorkflowNodeFailedException(id, map.Name, 1, FailureKind.SystemError, e);
        }
    }

    private static LiteralMap[] Split(MapTarget map, LiteralMap inputs)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(inputs);
        int? count = null;
        foreach (var input in map.Task.Interface.Inputs.Where(v => !map.BoundInputs.Contains(v.Name)))
        {
            var items = inputs.Literals.TryGetValue(input.Name, out var literal) && literal.Value is LiteralCollection c ? c.Literals.Count
                : throw new WorkflowBindingException($"Map task '{map.Name}': input '{input.Name}' is {(literal is null ? "missing" : literal.ToString())}, expected a list to map over.");
            if (count is { } n && n != items)
                throw new WorkflowBindingException($"Map task '{map.Name}': input '{input.Name}' has {items} items but an earlier mapped input has {n}.");
            count = items;
        }
        var elements = new LiteralMap[count ?? 0];
        for (var i = 0; i < elements.Length; i++)
        {
            var map1 = ValueMap<Literal>.Empty;
            foreach (var input in map.Task.Interface.Inputs)
            {
                var literal = inputs.Literals[input.Name];
                map1 = map1.SetItem(input.Name, map.BoundInputs.Contains(input.Name) ? literal : ((LiteralCollection)literal.Value).Literals[i]);
            }
            elements[i] = new LiteralMap(map1);
        }
        return elements;
    }

    /// <summary>
    /// Runs <paramref name="element"/> for each index, at most <see cref="MapOptions.Concurrency"/> and
    /// <paramref name="maxRunning"/> at once, in index order; an element that fails for good is recorded, not raised, so
    /// the others go on. Returns each element's outputs (null when it failed), failure and attempts.
    /// </summary>
    /// <remarks>
    /// As many workers as may run at once take the next index each, so an element waiting for its turn is an index,
    /// not a started element parked on a semaphore (10,000 of those cost more than the elements themselves).
    /// </remarks>
    public static async Task<(LiteralMap?[] Outputs, WorkflowNodeFailedException?[] Failures, int[] Attempts)> RunAsync(MapTarget map, int count,
        Func<int, Task<(LiteralMap Outputs, int Attempts)>> element, CancellationToken cancellationToken, int maxRunning = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(element);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRunning);
        var outputs = new LiteralMap?[count];
        var failures = new WorkflowNodeFailedException?[count];
        var attempts = new int[count];
        var next = -1;
        async Task Work()
        {
            for (var index = Interlocked.Increment(ref next); index < count; index = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    (outputs[index], attempts[index]) = await element(index).ConfigureAwait(false);
                }
                catch (WorkflowNodeFailedException e) when (!cancellationToken.IsCancellationRequested)
                {
                    failures[index] = e;
                }
            }
        }
        var workers = Math.Min(count, Math.Min(map.Options.Concurrency is > 0 and var c ? c : int.MaxValue, maxRunning));
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Work())).ConfigureAwait(false);
        return (outputs, failures, attempts);
    }

    /// <summary>
    /// The map's outputs from each element's (null for a failed one), or the failure to raise when too few succeeded:
    /// the first failed element's, wrapped as the map node's.
    /// </summary>
    public static LiteralMap Collect(string id, MapTarget map, IReadOnlyList<LiteralMap?> outputs, IReadOnlyList<WorkflowNodeFailedException?> failures)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(failures);
        var succeeded = failures.Count(f => f is null);
        var required = map.Options.Required(outputs.Count);
        if (succeeded < required && failures.FirstOrDefault(f => f is not null) is { } first)
            throw new WorkflowNodeFailedException(id, map.Name, first.Attempts, first.Kind,
                new MapTaskFailedException($"{outputs.Count - succeeded} of {outputs.Count} elements failed and {required} must succeed; the first: {first.Message}", first));
        if (map.Task.Interface.Outputs.Count == 0) return LiteralMap.Empty;
        var name = map.Task.Interface.Outputs[0].Name;
        var items = outputs.Select(o => o is null ? new Literal(Void.Instance) : o.Literals[name]);
        return new LiteralMap(ValueMap<Literal>.Empty.SetItem(name, new LiteralCollection(new(items))));
    }
}

/// <summary>Too few elements of a map task succeeded; the first failed element's error is the inner exception.</summary>
public sealed class MapTaskFailedException : Exception
{
    /// <summary>Creates the error.</summary>
    public MapTaskFailedException(string message, Exception inner) : base(message, inner) { }
}
