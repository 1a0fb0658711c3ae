namespace Flyte.Workflows;

/// <summary>
/// A node that starts a launch plan (<c>workflow_node.launchplan_ref</c>): on a cluster a separate execution of its
/// workflow, with the launch plan's fixed inputs; the node binds every other input of it.
/// </summary>
/// <param name="LaunchPlan">The launch plan.</param>
public sealed record LaunchPlanTarget(LaunchPlanSpec LaunchPlan) : NodeTarget
{
    /// <inheritdoc />
    public override string Name => LaunchPlan.Name;

    /// <inheritdoc />
    public override Tasks.TypedInterface Interface => LaunchPlan.Interface;
}
