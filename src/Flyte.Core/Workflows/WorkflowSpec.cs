using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>
/// A workflow as a value: a DAG of nodes whose inputs are bindings, and the bindings of its outputs. Building one runs
/// nothing; interpreters give it meaning. Immutable, compared by value, and deterministic (node ids <c>n0</c>, <c>n1</c>…
/// in creation order), so building the same workflow twice — in F# or C# — gives equal values.
/// </summary>
/// <param name="Name">The workflow name.</param>
/// <param name="Interface">Workflow inputs (outputs of <see cref="Promise.StartNode"/>) and outputs <c>o0</c>, <c>o1</c>….</param>
/// <param name="Nodes">The nodes, in creation order (which is a topological order).</param>
/// <param name="Outputs">One binding per workflow output.</param>
public sealed record WorkflowSpec(string Name, TypedInterface Interface, ValueList<Node> Nodes, ValueList<Binding> Outputs)
{
    /// <summary>A node that runs before every other node; null for none.</summary>
    public Node? Setup { get; init; }

    /// <summary>A node that runs after every other node, also when one failed; null for none.</summary>
    public Node? Teardown { get; init; }

    /// <summary>Every node in declaration order: <see cref="Setup"/> first, <see cref="Teardown"/> last.</summary>
    public IEnumerable<Node> AllNodes => new[] { Setup }.Concat(Nodes).Append(Teardown).OfType<Node>();

    /// <summary>The node with id <paramref name="id"/> (including setup and teardown), or null.</summary>
    public Node? FindNode(string id) =>
        Nodes.FirstOrDefault(n => n.Id == id) ?? (Setup?.Id == id ? Setup : Teardown?.Id == id ? Teardown : null);

    /// <inheritdoc />
    public override string ToString() => $"workflow {Name}{Interface} [{string.Join("; ", Nodes)}]";
}

/// <summary>One node of a workflow (<c>flyteidl.core.Node</c>).</summary>
/// <param name="Id">Deterministic id: <c>n0</c>, <c>n1</c>… in creation order.</param>
/// <param name="Target">The task or sub-workflow it runs.</param>
/// <param name="Inputs">One binding per input of the target.</param>
/// <param name="UpstreamIds">The nodes that must finish first: every node a binding promises from.</param>
public sealed record Node(string Id, NodeTarget Target, ValueList<Binding> Inputs, ValueList<string> UpstreamIds)
{
    /// <summary>The interface of what the node runs.</summary>
    public TypedInterface Interface => Target.Interface;

    /// <inheritdoc />
    public override string ToString() => $"{Id}: {Target.Name}({string.Join(", ", Inputs)})";
}

/// <summary>What a node runs.</summary>
public abstract record NodeTarget
{
    private protected NodeTarget() { }

    /// <summary>The name of the task or workflow.</summary>
    public abstract string Name { get; }

    /// <summary>Its interface.</summary>
    public abstract TypedInterface Interface { get; }

    /// <summary>A task (<c>task_node</c>).</summary>
    public sealed record TaskTarget(TaskSpec Task) : NodeTarget
    {
        /// <inheritdoc />
        public override string Name => Task.Name;

        /// <inheritdoc />
        public override TypedInterface Interface => Task.Interface;
    }

    /// <summary>A sub-workflow (<c>workflow_node.sub_workflow_ref</c>).</summary>
    public sealed record WorkflowTarget(WorkflowSpec Workflow) : NodeTarget
    {
        /// <inheritdoc />
        public override string Name => Workflow.Name;

        /// <inheritdoc />
        public override TypedInterface Interface => Workflow.Interface;
    }
}
