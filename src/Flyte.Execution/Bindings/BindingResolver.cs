using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>The outputs of node <c>nodeId</c> (the workflow inputs for <see cref="Promise.StartNode"/>), or null when it has not run.</summary>
public delegate ValueTask<LiteralMap?> NodeOutputs(string nodeId, CancellationToken cancellationToken);

/// <summary>
/// Resolves input bindings as propeller does at run time, for every interpreter: constants as they are, promises from
/// the producing node's outputs (walking their attribute paths, see <see cref="AttributePaths"/>), collections and maps
/// item by item with the element type the binding expects. Where outputs live (memory, <c>outputs.pb</c> in a blob
/// store) is the interpreter's <see cref="NodeOutputs"/>.
/// </summary>
public static class BindingResolver
{
    /// <summary>The literals of <paramref name="bindings"/>, each of the type <paramref name="typeOf"/> gives its variable.</summary>
    /// <exception cref="WorkflowBindingException">A promise names a node that has not run, an output it lacks or a path its value lacks.</exception>
    public static async ValueTask<LiteralMap> ResolveAsync(IEnumerable<Binding> bindings, Func<string, LiteralType> typeOf, NodeOutputs outputs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(typeOf);
        ArgumentNullException.ThrowIfNull(outputs);
        var map = ValueMap<Literal>.Empty;
        foreach (var binding in bindings)
            map = map.SetItem(binding.Var, await ResolveAsync(binding.Data, typeOf(binding.Var), outputs, cancellationToken).ConfigureAwait(false));
        return new LiteralMap(map);
    }

    /// <summary>The literal <paramref name="data"/> stands for, of type <paramref name="expected"/>.</summary>
    /// <exception cref="WorkflowBindingException">A promise names a node that has not run, an output it lacks or a path its value lacks.</exception>
    public static async ValueTask<Literal> ResolveAsync(BindingData data, LiteralType expected, NodeOutputs outputs, CancellationToken cancellationToken = default)
    {
        switch (data)
        {
            case BindingData.Constant c:
                return c.Value;
            case BindingData.Reference { Promise: var p }:
                var map = await outputs(p.NodeId, cancellationToken).ConfigureAwait(false)
                    ?? throw new WorkflowBindingException($"{p.NodeId} has not run.");
                return map.Literals.TryGetValue(p.Var, out var literal)
                    ? AttributePaths.Resolve(literal, p.AttrPath, expected)
                    : throw new WorkflowBindingException($"{p.NodeId} has no output '{p.Var}'.");
            case BindingData.Collection c:
                var element = expected.Type is TypeKind.CollectionType l ? l.ElementType : expected;
                var items = new List<Literal>(c.Items.Count);
                foreach (var item in c.Items) items.Add(await ResolveAsync(item, element, outputs, cancellationToken).ConfigureAwait(false));
                return new LiteralCollection(new(items));
            case BindingData.Map m:
                var value = expected.Type is TypeKind.MapValueType v ? v.ValueType : expected;
                var entries = ValueMap<Literal>.Empty;
                foreach (var (key, item) in m.Items)
                    entries = entries.SetItem(key, await ResolveAsync(item, value, outputs, cancellationToken).ConfigureAwait(false));
                return new LiteralMap(entries);
            default:
                throw new WorkflowBindingException($"Unknown binding {data}.");
        }
    }
}
