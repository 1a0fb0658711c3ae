namespace Flyte.Workflows;

/// <summary>
/// The C# form of a branch, started by <see cref="WorkflowContext.If{TResult}"/>:
/// <code>
/// b.If("fractions", x.Gte(0.1) &amp; x.Lte(1.0), c =&gt; c.Call(@double, x))
///  .ElseIf(x.Gt(1.0), c =&gt; c.Call(square, x))
///  .Else(c =&gt; c.Call(square, x))
/// </code>
/// Every case returns a <c>Promise&lt;TResult&gt;</c>; the branch's output is the taken case's. Valid only while its step runs.
/// </summary>
/// <typeparam name="TResult">The type every case yields.</typeparam>
public sealed class BranchBuilder<TResult>
{
    private readonly WorkflowContext owner;
    private readonly BranchDraft branch;

    internal BranchBuilder(WorkflowContext owner, BranchDraft branch)
    {
        this.owner = owner;
        this.branch = branch;
    }

    /// <summary>Adds a case tried when the earlier ones did not hold.</summary>
    public BranchBuilder<TResult> ElseIf(Condition condition, Func<WorkflowContext, Promise<TResult>> then)
    {
        ArgumentNullException.ThrowIfNull(then);
        var context = new WorkflowContext(branch.Cases);
        var result = then(context);
        return new(owner, branch.AddCase(condition, context.Draft, [result]));
    }

    /// <summary>Ends the branch: when no case held, <paramref name="otherwise"/>'s node runs. The branch's output.</summary>
    public Promise<TResult> Else(Func<WorkflowContext, Promise<TResult>> otherwise)
    {
        ArgumentNullException.ThrowIfNull(otherwise);
        var context = new WorkflowContext(branch.Cases);
        var result = otherwise(context);
        return Finish(branch.Else(context.Draft, [result]));
    }

    /// <summary>Ends the branch: when no case held, the node fails with <paramref name="message"/>. The branch's output.</summary>
    public Promise<TResult> Fail(string message) => Finish(branch.Fail(message));

    private Promise<TResult> Finish((WorkflowDraft Draft, Node Node) ended)
    {
        owner.Draft = ended.Draft;
        return BranchDraft.Output<TResult>(ended.Node);
    }
}
