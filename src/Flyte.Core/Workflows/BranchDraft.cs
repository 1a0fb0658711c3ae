using System.Collections.Immutable;
using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>
/// A branch being built, shared by both builders: each case runs its step on <see cref="Cases"/> (a draft whose node
/// ids start with the branch's id) and must add exactly one node, which yields the case's outputs; an else node or an
/// error ends the branch and adds it to the enclosing draft. Immutable.
/// </summary>
public sealed class BranchDraft
{
    private readonly ImmutableList<(Condition Condition, Node Node)> cases;
    private readonly IReadOnlyList<Variable>? outputs;

    private BranchDraft(WorkflowDraft enclosing, string name, WorkflowDraft inside, ImmutableList<(Condition, Node)> cases, IReadOnlyList<Variable>? outputs)
    {
        Enclosing = enclosing;
        Name = name;
        Cases = inside;
        this.cases = cases;
        this.outputs = outputs;
    }

    /// <summary>Starts branch <paramref name="name"/> (flytekit's <c>conditional("name")</c>) in <paramref name="enclosing"/>.</summary>
    public static BranchDraft Start(WorkflowDraft enclosing, string name)
    {
        ArgumentNullException.ThrowIfNull(enclosing);
        if (string.IsNullOrWhiteSpace(name)) throw new WorkflowBuildException($"Workflow '{enclosing.Name}': a branch needs a name.");
        return new(enclosing, name, enclosing.EnterBranch(), [], null);
    }

    /// <summary>The draft the branch goes into.</summary>
    public WorkflowDraft Enclosing { get; }

    /// <summary>The branch name.</summary>
    public string Name { get; }

    /// <summary>The draft the next case's step runs on.</summary>
    public WorkflowDraft Cases { get; }

    /// <summary>How many cases (with conditions) there are so far.</summary>
    public int Count => cases.Count;

    /// <summary>Adds a case: <paramref name="after"/> is <see cref="Cases"/> after the case's step, <paramref name="result"/> what it yielded.</summary>
    public BranchDraft AddCase(Condition condition, WorkflowDraft after, IReadOnlyList<IPromise> result)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var (node, variables) = CaseNode($"case {cases.Count + 1}", after, result);
        return new(Enclosing, Name, after, cases.Add((condition, node)), variables);
    }

    /// <summary>Ends the branch with an else node; returns the enclosing draft with the branch node added, and that node.</summary>
    public (WorkflowDraft Draft, Node Node) Else(WorkflowDraft after, IReadOnlyList<IPromise> result)
    {
        var (node, variables) = CaseNode("the else case", after, result);
        return End(node, null, variables);
    }

    /// <summary>Ends the branch with an error: when no case holds, the node fails with <paramref name="message"/>.</summary>
    public (WorkflowDraft Draft, Node Node) Fail(string message) =>
        End(null, string.IsNullOrEmpty(message) ? "Condition failed" : message, outputs);

    private (Node, IReadOnlyList<Variable>) CaseNode(string which, WorkflowDraft after, IReadOnlyList<IPromise> result)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(result);
        var added = after.Nodes.Count - Cases.Nodes.Count;
        if (added != 1)
            throw new WorkflowBuildException(
                $"Workflow '{Enclosing.Name}', branch '{Name}': {which} adds {added} nodes; a case runs exactly one node (a task, a sub-workflow or a nested branch), as in flytekit.");
        var node = after.Nodes[^1];
        var variables = new List<Variable>();
        foreach (var promise in result)
        {
            if (promise.Data is not BindingData.Reference { Promise: var p } || p.NodeId != node.Id || p.AttrPath.Count > 0 || node.Interface.Output(p.Var) is not { } output)
                throw new WorkflowBuildException(
                    $"Workflow '{Enclosing.Name}', branch '{Name}': {which} must yield whole outputs of its node {node.Id} ({node.Target.Name}), not {promise.Data}.");
            variables.Add(output);
        }
        if (outputs is not null && !outputs.Select(v => v.Name).SequenceEqual(variables.Select(v => v.Name)))
            throw new WorkflowBuildException(
                $"Workflow '{Enclosing.Name}', branch '{Name}': {which} yields outputs ({string.Join(", ", variables.Select(v => v.Name))}) " +
                $"other than the earlier cases' ({string.Join(", ", outputs.Select(v => v.Name))}); every case yields the same outputs.");
        return (node, variables);
    }

    private (WorkflowDraft, Node) End(Node? elseNode, string? error, IReadOnlyList<Variable>? variables)
    {
        if (cases.Count == 0)
            throw new WorkflowBuildException($"Workflow '{Enclosing.Name}', branch '{Name}' has no case with a condition; at least an if and an else are needed.");
        var block = new IfElseBlock(
            new IfBlock(cases[0].Condition, cases[0].Node), new(cases.Skip(1).Select(c => new IfBlock(c.Condition, c.Node))), elseNode, error);
        var vars = cases.SelectMany(c => c.Condition.Vars()).DistinctBy(v => v.Name).ToList();
        var bindings = vars.Select(v => new Binding(v.Name, new BindingData.Reference(v.Promise))).OrderBy(b => b.Var, StringComparer.Ordinal).ToList();
        foreach (var binding in bindings) Enclosing.CheckReferences($"branch '{Name}', condition operand '{binding.Var}'", binding.Data);
        var inputs = vars.Select(v => new Variable(v.Name, v.Type));
        var upstream = bindings.SelectMany(b => b.Data.Promises()).Select(p => p.NodeId)
            .Concat(block.Nodes.SelectMany(n => n.UpstreamIds))
            .Where(n => n != Promise.StartNode).Distinct().Order(StringComparer.Ordinal);
        var target = new BranchTarget(Name, block, new TypedInterface(new(inputs), new(variables ?? [])));
        var node = new Node(Enclosing.NextId, target, new(bindings), new(upstream));
        return (Enclosing.WithNode(node), node);
    }

    /// <summary>The promise of the branch's output <paramref name="index"/>, typed as <typeparamref name="T"/>.</summary>
    public static Promise<T> Output<T>(Node branch, int index = 0)
    {
        ArgumentNullException.ThrowIfNull(branch);
        if (index >= branch.Interface.Outputs.Count)
            throw new WorkflowBuildException($"Branch {branch.Id} ({branch.Target.Name}) has no output {index}: its cases yield {branch.Interface.Outputs.Count}.");
        var variable = branch.Interface.Outputs[index];
        return new(new BindingData.Reference(new Promise(branch.Id, variable.Name)), variable.Type);
    }
}
