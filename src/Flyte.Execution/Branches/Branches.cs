using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>What the interpreters share about running a branch node.</summary>
internal static class Branches
{
    /// <summary>
    /// The node the branch runs; an unresolvable condition is a system error, no case with an error else a user error
    /// (told to <paramref name="failed"/> first), both raised as <see cref="WorkflowNodeFailedException"/>.
    /// </summary>
    public static Node Choose(string id, BranchTarget branch, LiteralMap inputs, Action<string> failed)
    {
        Node? chosen;
        string? error;
        try
        {
            chosen = BranchEvaluation.Choose(branch, inputs, out error);
        }
        catch (WorkflowBindingException e)
        {
            failed(e.Message);
            throw new WorkflowNodeFailedException(id, branch.Name, 1, FailureKind.SystemError, e);
        }
        if (chosen is not null) return chosen;
        failed(error!);
        throw new WorkflowNodeFailedException(id, branch.Name, 1, FailureKind.UserError, new BranchFailedException(branch.Name, error!));
    }

    /// <summary>The branch's outputs: those of the taken case's node that the branch declares.</summary>
    public static LiteralMap Outputs(BranchTarget branch, LiteralMap caseOutputs)
    {
        var result = ValueMap<Literal>.Empty;
        foreach (var output in branch.Interface.Outputs)
            result = result.SetItem(output.Name, caseOutputs.Literals.TryGetValue(output.Name, out var literal)
                ? literal
                : throw new WorkflowBindingException($"Branch '{branch.Name}': the taken case returned no output '{output.Name}'."));
        return new LiteralMap(result);
    }
}
