using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>The bookkeeping every interpreter does around one run of a workflow's nodes, whatever runs them.</summary>
public static class WorkflowRuns
{
    /// <summary>Checks that <paramref name="inputs"/> hold every input of <paramref name="workflow"/>.</summary>
    /// <exception cref="ArgumentException">An input is missing; it is named with its type.</exception>
    public static void RequireInputs(WorkflowSpec workflow, LiteralMap inputs)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in workflow.Interface.Inputs)
            if (!inputs.Literals.ContainsKey(input.Name))
                throw new ArgumentException($"Workflow '{workflow.Name}' needs input '{input.Name}' ({input.Type}).");
    }

    /// <summary>The node records of a run (by node id) in declaration order: setup first, teardown last.</summary>
    public static IReadOnlyList<NodeExecution> InDeclarationOrder(WorkflowSpec workflow, IReadOnlyDictionary<string, NodeExecution> records)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(records);
        // A map from id to position keeps this linear in the number of nodes.
        var position = workflow.AllNodes.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i);
        return records.OrderBy(r => position[r.Key]).Select(r => r.Value).ToList();
    }

    /// <summary>Every task <paramref name="workflow"/> runs: its task nodes', map tasks' and branch cases', and its sub-workflows', each once by name.</summary>
    public static IReadOnlyList<Tasks.TaskSpec> Tasks(WorkflowSpec workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var tasks = new Dictionary<string, Tasks.TaskSpec>(StringComparer.Ordinal);
        void Visit(Node node)
        {
            switch (node.Target)
            {
                case NodeTarget.TaskTarget { Task: var task }: tasks.TryAdd(task.Name, task); break;
                case MapTarget { Task: var task }: tasks.TryAdd(task.Name, task); break;
                case NodeTarget.WorkflowTarget { Workflow: var sub }: foreach (var n in sub.AllNodes) Visit(n); break;
                case BranchTarget branch: foreach (var n in branch.Block.Nodes) Visit(n); break;
            }
        }
        foreach (var node in workflow.AllNodes) Visit(node);
        return tasks.Values.ToList();
    }
}
