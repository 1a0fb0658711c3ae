using Flyte.Compile;
using Flyteidl.Admin;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;

namespace Flyte.Remote;

/// <summary>
/// What registering one workflow sends to FlyteAdmin, in order: every task (sent concurrently), the workflows
/// (sub-workflows first, sent one by one) and the workflow's launch plan (its default one, usually).
/// </summary>
/// <param name="Tasks">One create request per task the workflow (or its sub-workflows) run.</param>
/// <param name="Workflows">The workflows, dependencies first; the last one is the workflow itself.</param>
/// <param name="LaunchPlan">The launch plan an execution is started from.</param>
public sealed record RemoteRegistration(
    IReadOnlyList<TaskCreateRequest> Tasks, IReadOnlyList<WorkflowCreateRequest> Workflows, LaunchPlanCreateRequest LaunchPlan)
{
    /// <summary>What must be registered first: the launch plans the workflow's nodes start, each with its workflow.</summary>
    public IReadOnlyList<RemoteRegistration> Dependencies { get; init; } = [];

    /// <summary>The dependencies (theirs first), then this one: the order FlyteAdmin can register them in.</summary>
    public IReadOnlyList<RemoteRegistration> InOrder => [.. Dependencies.SelectMany(d => d.InOrder), this with { Dependencies = [] }];
}

/// <summary>Turns a workflow into the flyteidl entities registered for it under <paramref name="project"/>/<paramref name="domain"/>.</summary>
public delegate RemoteRegistration RemoteCompiler(WorkflowSpec workflow, string project, string domain);

/// <summary>Builds <see cref="RemoteRegistration"/>s from the SDK's own compiler.</summary>
public static class RemoteCompilers
{
    /// <summary>The create requests for a compiled workflow: its tasks, the workflow (sub-workflows travel inside it) and its default launch plan.</summary>
    public static RemoteRegistration Registration(CompiledWorkflow compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        return new RemoteRegistration(
            compiled.Tasks.Select(t => new TaskCreateRequest { Id = t.Template.Id.Clone(), Spec = t.Spec }).ToList(),
            [new WorkflowCreateRequest { Id = compiled.Template.Id.Clone(), Spec = compiled.Spec }],
            new LaunchPlanCreateRequest { Id = compiled.LaunchPlan.Id.Clone(), Spec = compiled.LaunchPlan.Spec.Clone() })
        {
            Dependencies = compiled.LaunchPlans.Select(Registration).ToList(),
        };
    }

    /// <summary>The create requests for a named launch plan: its workflow's (and their dependencies), with the named launch plan in place of the default one.</summary>
    public static RemoteRegistration Registration(CompiledLaunchPlan compiled)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        return Registration(compiled.Workflow) with
        {
            LaunchPlan = new LaunchPlanCreateRequest { Id = compiled.LaunchPlan.Id.Clone(), Spec = compiled.LaunchPlan.Spec.Clone() },
        };
    }

    /// <summary><see cref="FlyteCompiler.CompileWorkflow"/> with <paramref name="options"/> (image, entrypoint, version), the project and domain replaced by the interpreter's.</summary>
    public static RemoteCompiler FlyteCompiler(CompileOptions? options = null) => (workflow, project, domain) =>
        Registration(Compile.FlyteCompiler.CompileWorkflow(workflow, (options ?? CompileOptions.Default) with { Project = project, Domain = domain }));
}
