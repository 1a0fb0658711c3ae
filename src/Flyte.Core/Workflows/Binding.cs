using System.Globalization;

namespace Flyte.Workflows;

/// <summary>
/// A reference to one output of a node, optionally to a part of it (<c>flyteidl.core.OutputReference</c>).
/// Workflow inputs are outputs of <see cref="StartNode"/>.
/// </summary>
/// <param name="NodeId">The producing node, or <see cref="StartNode"/> for a workflow input.</param>
/// <param name="Var">The output (or workflow input) name.</param>
/// <param name="AttrPath">Record fields, map keys and list indices to walk into the value; empty for the whole value.</param>
public sealed record Promise(string NodeId, string Var, ValueList<PromiseAttribute> AttrPath)
{
    /// <summary>The id of the node whose outputs are the workflow inputs.</summary>
    public const string StartNode = "start-node";

    /// <summary>A promise of the whole output <paramref name="var"/> of <paramref name="nodeId"/>.</summary>
    public Promise(string nodeId, string var) : this(nodeId, var, ValueList<PromiseAttribute>.Empty) { }

    /// <summary>This promise, one level deeper.</summary>
    public Promise Then(PromiseAttribute attribute) => this with { AttrPath = AttrPath.Add(attribute) };

    /// <inheritdoc />
    public override string ToString() => $"{NodeId}.{Var}{string.Concat(AttrPath)}";
}

/// <summary>One step of an attribute path: a field or map key, or a list index (<c>flyteidl.core.PromiseAttribute</c>).</summary>
public abstract record PromiseAttribute
{
    private protected PromiseAttribute() { }

    /// <summary>A record field or map key.</summary>
    public sealed record Key(string Name) : PromiseAttribute
    {
        /// <inheritdoc />
        public override string ToString() => "." + Name;
    }

    /// <summary>A list index.</summary>
    public sealed record Index(int Position) : PromiseAttribute
    {
        /// <inheritdoc />
        public override string ToString() => "[" + Position.ToString(CultureInfo.InvariantCulture) + "]";
    }
}

/// <summary>What an input is bound to (<c>flyteidl.core.BindingData</c>).</summary>
public abstract record BindingData
{
    private protected BindingData() { }

    /// <summary>A constant value.</summary>
    public sealed record Constant(Literal Value) : BindingData
    {
        /// <inheritdoc />
        public override string ToString() => Value.ToString();
    }

    /// <summary>An output of another node, or a workflow input.</summary>
    public sealed record Reference(Promise Promise) : BindingData
    {
        /// <inheritdoc />
        public override string ToString() => Promise.ToString();
    }

    /// <summary>A list whose elements are bound one by one.</summary>
    public sealed record Collection(ValueList<BindingData> Items) : BindingData
    {
        /// <inheritdoc />
        public override string ToString() => "[" + string.Join(", ", Items) + "]";
    }

    /// <summary>A string-keyed map whose values are bound one by one.</summary>
    public sealed record Map(ValueMap<BindingData> Items) : BindingData
    {
        /// <inheritdoc />
        public override string ToString() => Items.ToString();
    }

    /// <summary>Every promise inside this binding, depth first.</summary>
    public IEnumerable<Promise> Promises() => this switch
    {
        Reference r => [r.Promise],
        Collection c => c.Items.SelectMany(i => i.Promises()),
        Map m => m.Items.Values.SelectMany(i => i.Promises()),
        _ => [],
    };
}

/// <summary>An input (or workflow output) bound to data (<c>flyteidl.core.Binding</c>).</summary>
/// <param name="Var">The input or output name.</param>
/// <param name="Data">What it is bound to.</param>
public sealed record Binding(string Var, BindingData Data)
{
    /// <inheritdoc />
    public override string ToString() => $"{Var} <- {Data}";
}
