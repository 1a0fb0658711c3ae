using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>One case of a branch: its condition and the node it runs when the condition holds (<c>flyteidl.core.IfBlock</c>).</summary>
/// <param name="Condition">When the case is taken.</param>
/// <param name="ThenNode">The one node the case runs (a task, a sub-workflow or a nested branch); its id is the branch's id, a dash and its own (<c>n1-n0</c>).</param>
public sealed record IfBlock(Condition Condition, Node ThenNode)
{
    /// <inheritdoc />
    public override string ToString() => $"if {Condition} then {ThenNode}";
}

/// <summary>
/// The cases of a branch (<c>flyteidl.core.IfElseBlock</c>): the first case, the <c>elif</c> cases, and either an else
/// node or an error to fail with when no case holds.
/// </summary>
/// <param name="Case">The first case.</param>
/// <param name="Other">The <c>elif</c> cases, in order.</param>
/// <param name="ElseNode">The node run when no case holds; null when the branch fails instead.</param>
/// <param name="Error">The message the node fails with when no case holds (when <paramref name="ElseNode"/> is null).</param>
public sealed record IfElseBlock(IfBlock Case, ValueList<IfBlock> Other, Node? ElseNode, string? Error)
{
    /// <summary>The cases in the order they are tried.</summary>
    public IEnumerable<IfBlock> Cases => Other.Prepend(Case);

    /// <summary>Every node the branch may run: the cases' then-nodes, then the else node.</summary>
    public IEnumerable<Node> Nodes => Cases.Select(c => c.ThenNode).Concat(ElseNode is null ? [] : [ElseNode]);
}

/// <summary>
/// A branch node (<c>branch_node</c>): its inputs are the promises its conditions compare (named as flytekit names
/// them, <c>n0.o0</c> or <c>.my_input</c>); its outputs are those every case's node has, taken from the case that ran.
/// </summary>
/// <param name="BranchName">The name of the conditional section (flytekit's <c>conditional("name")</c>).</param>
/// <param name="Block">The cases.</param>
/// <param name="BranchInterface">Inputs: the compared promises; outputs: what the taken case's node returns.</param>
public sealed record BranchTarget(string BranchName, IfElseBlock Block, TypedInterface BranchInterface) : NodeTarget
{
    /// <inheritdoc />
    public override string Name => BranchName;

    /// <inheritdoc />
    public override TypedInterface Interface => BranchInterface;
}

/// <summary>A branch whose conditions all failed and whose else is an error: the node fails with the error's message (a user error).</summary>
public sealed class BranchFailedException : Exception
{
    /// <summary>Creates the error.</summary>
    public BranchFailedException(string branch, string message) : base(message) => Branch = branch;

    /// <summary>The name of the branch.</summary>
    public string Branch { get; }
}
