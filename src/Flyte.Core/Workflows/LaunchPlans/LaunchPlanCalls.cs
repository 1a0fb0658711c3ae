namespace Flyte.Workflows;

/// <summary>The C# builder's launch-plan nodes: <c>b.LaunchPlan&lt;long&gt;(plan, x)</c>.</summary>
public static class LaunchPlanCalls
{
    /// <summary>
    /// Adds a node starting <paramref name="launchPlan"/> (<c>launchplan_ref</c>), the inputs it does not fix bound in
    /// order to <paramref name="inputs"/>; its first output as <typeparamref name="TResult"/>.
    /// </summary>
    public static Promise<TResult> LaunchPlan<TResult>(this WorkflowContext b, LaunchPlanSpec launchPlan, params IPromise[] inputs)
    {
        var (draft, node) = b.Draft.AddNode(new LaunchPlanTarget(launchPlan), inputs);
        b.Draft = draft;
        return WorkflowDraft.Output<TResult>(node);
    }
}
