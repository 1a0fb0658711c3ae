using Core = Flyteidl.Core;
using NodePhase = Flyteidl.Core.NodeExecution.Types.Phase;

namespace Flyte.Remote;

/// <summary>
/// One node of an execution as FlyteAdmin reports it (flytekit's <c>FlyteNodeExecution</c>): its phase, its error when
/// it failed, and — for a parent node (a sub-workflow, a branch, a dynamic node) — the nodes under it.
/// </summary>
/// <param name="NodeId">The node's id in the execution (unique, e.g. <c>n1-0-n0</c> for a sub-workflow's node).</param>
/// <param name="SpecNodeId">The node's id in the workflow's definition (<c>n0</c>).</param>
/// <param name="Phase">Where the node is.</param>
/// <param name="Error">Flyte's error for a failed node; null otherwise.</param>
/// <param name="IsParent">Whether nodes run under this one.</param>
/// <param name="Children">The nodes under a parent node (listed by <see cref="FlyteRemote.ListNodeExecutionsAsync"/> when asked); empty otherwise.</param>
/// <param name="Admin">What Admin answered for the node.</param>
public sealed record RemoteNodeExecution(
    string NodeId, string SpecNodeId, NodePhase Phase, Core.ExecutionError? Error, bool IsParent,
    IReadOnlyList<RemoteNodeExecution> Children, Flyteidl.Admin.NodeExecution Admin)
{
    /// <summary>Whether the node has ended (succeeded, failed, timed out, aborted, skipped or recovered).</summary>
    public bool IsDone => Phase is NodePhase.Succeeded or NodePhase.Failed or NodePhase.TimedOut or NodePhase.Aborted or NodePhase.Skipped or NodePhase.Recovered;

    /// <summary>The node as Admin listed it, with <paramref name="children"/> under it.</summary>
    internal static RemoteNodeExecution Of(Flyteidl.Admin.NodeExecution node, IReadOnlyList<RemoteNodeExecution> children) =>
        new(node.Id.NodeId,
            node.Metadata?.SpecNodeId is { Length: > 0 } spec ? spec : node.Id.NodeId,
            node.Closure?.Phase ?? NodePhase.Undefined,
            node.Closure?.Error,
            node.Metadata?.IsParentNode == true,
            children,
            node);
}
