using Flyte.Compile;
using Flyte.Proto;
using Flyte.Tasks;
using Flyte.Workflows;
using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>
/// The interfaces FlyteAdmin holds for the reference entities of workflows (<c>GetTask</c>, <c>GetWorkflow</c>,
/// <c>GetLaunchPlan</c>), and the check of every edge against them: what a Python team registered, not what this code
/// declares, decides whether a workflow's edges flow.
/// </summary>
public static class ReferenceInterfaces
{
    /// <summary>Every reference entity <paramref name="workflows"/> reach (sub-workflows, branch cases and launch plans included), each once.</summary>
    public static IReadOnlyList<ReferenceTarget> Of(IEnumerable<WorkflowSpec> workflows)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var found = new Dictionary<EntityId, ReferenceTarget>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(IEnumerable<Workflows.Node> nodes)
        {
            foreach (var node in nodes)
                switch (node.Target)
                {
                    case ReferenceTarget reference: found.TryAdd(reference.Id, reference); break;
                    case NodeTarget.WorkflowTarget { Workflow: var sub }: Workflow(sub); break;
                    case LaunchPlanTarget { LaunchPlan.Workflow: var launched }: Workflow(launched); break;
                    case BranchTarget branch: Visit(branch.Block.Nodes); break;
                }
        }
        void Workflow(WorkflowSpec workflow)
        {
            if (seen.Add(workflow.Name)) Visit(workflow.AllNodes);
        }
        foreach (var workflow in workflows) Workflow(workflow);
        return [.. found.Values];
    }

    /// <summary>
    /// The registered interface of each of <paramref name="references"/>; a reference FlyteAdmin does not have (or
    /// refuses to show) is left out and its error kept in <paramref name="missing"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<EntityId, TypedInterface>> FetchAsync(FlyteAdminClient client, IEnumerable<ReferenceTarget> references,
        IDictionary<EntityId, string> missing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(missing);
        var known = new Dictionary<EntityId, TypedInterface>();
        foreach (var reference in references)
        {
            var id = new Core.Identifier
            {
                Project = reference.Id.Project, Domain = reference.Id.Domain, Name = reference.Id.Name, Version = reference.Id.Version,
            };
            try
            {
                known[reference.Id] = reference.Kind switch
                {
                    ReferenceKind.Task => Model((await client.GetTaskAsync(Typed(id, Core.ResourceType.Task), cancellationToken).ConfigureAwait(false))
                        .Closure.CompiledTask.Template.Interface),
                    ReferenceKind.Workflow => Model((await client.GetWorkflowAsync(Typed(id, Core.ResourceType.Workflow), cancellationToken).ConfigureAwait(false))
                        .Closure.CompiledWorkflow.Primary.Template.Interface),
                    _ => LaunchPlanInterface(await client.GetLaunchPlanAsync(Typed(id, Core.ResourceType.LaunchPlan), cancellationToken).ConfigureAwait(false)),
                };
            }
            catch (FlyteAdminException e)
            {
                missing[reference.Id] = $"reference {reference.KindName} {reference.Id} is not registered on FlyteAdmin: {e.Message}";
            }
        }
        return known;
    }

    /// <summary>
    /// Checks every edge of <paramref name="workflows"/> with the registered interfaces of their reference entities
    /// (fetched from <paramref name="client"/>); a reference FlyteAdmin does not have is a problem of its own.
    /// </summary>
    public static async Task<WorkflowCheckResult> CheckAsync(FlyteAdminClient client, IReadOnlyList<WorkflowSpec> workflows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var references = Of(workflows);
        var missing = new Dictionary<EntityId, string>();
        var registered = await FetchAsync(client, references, missing, cancellationToken).ConfigureAwait(false);
        var result = WorkflowCheck.Check(workflows, r => registered.GetValueOrDefault(r.Id));
        var absent = references.Where(r => missing.ContainsKey(r.Id))
            .Select(r => new EdgeProblem("-", "-", r.Name, "-", r.Id.ToString(), null, null, missing[r.Id]));
        return result with { Problems = [.. absent, .. result.Problems] };
    }

    /// <summary>Throws when an edge of <paramref name="workflow"/> does not flow into (or out of) what FlyteAdmin registered for its reference entities.</summary>
    /// <exception cref="ReferenceMismatchException">A reference is not registered, or its registered interface does not fit the workflow.</exception>
    public static async Task VerifyAsync(FlyteAdminClient client, WorkflowSpec workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (Of([workflow]).Count == 0) return;
        var result = await CheckAsync(client, [workflow], cancellationToken).ConfigureAwait(false);
        if (!result.IsValid) throw new ReferenceMismatchException(workflow.Name, result.Problems);
    }

    private static Core.Identifier Typed(Core.Identifier id, Core.ResourceType type)
    {
        var typed = id.Clone();
        typed.ResourceType = type;
        return typed;
    }

    private static TypedInterface LaunchPlanInterface(Flyteidl.Admin.LaunchPlan plan)
    {
        var inputs = plan.Closure?.ExpectedInputs?.Parameters.Select(p => new Variable(p.Key, ProtoMapping.ToModel(p.Value.Var.Type))) ?? [];
        var outputs = plan.Closure?.ExpectedOutputs?.Variables.Select(v => new Variable(v.Key, ProtoMapping.ToModel(v.Value.Type))) ?? [];
        return new TypedInterface(new(inputs), new(outputs));
    }

    private static TypedInterface Model(Core.TypedInterface? @interface) => new(
        new((@interface?.Inputs?.Variables ?? []).Select(v => new Variable(v.Key, ProtoMapping.ToModel(v.Value.Type)))),
        new((@interface?.Outputs?.Variables ?? []).Select(v => new Variable(v.Key, ProtoMapping.ToModel(v.Value.Type)))));
}

/// <summary>A workflow's reference entities do not fit what FlyteAdmin registered for them: each problem names the edge and both types.</summary>
public sealed class ReferenceMismatchException : Exception
{
    /// <summary>The error for <paramref name="workflow"/>.</summary>
    public ReferenceMismatchException(string workflow, IReadOnlyList<EdgeProblem> problems)
        : base($"Workflow '{workflow}' does not fit the registered interfaces of its reference entities:" + string.Concat(problems.Select(p => "\n  " + p))) =>
        Problems = problems;

    /// <summary>The edges that do not flow.</summary>
    public IReadOnlyList<EdgeProblem> Problems { get; }
}
