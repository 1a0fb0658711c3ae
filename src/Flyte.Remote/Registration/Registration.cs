using Flyte.Compile;
using Flyteidl.Admin;
using TaskSpec = Flyte.Tasks.TaskSpec;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Remote;

/// <summary>What registering tasks and workflows sends to FlyteAdmin: every task once, then each workflow with its launch plan.</summary>
/// <param name="Tasks">The tasks, each once (those the workflows run included); sent concurrently.</param>
/// <param name="Workflows">Each workflow's own entities (its workflows and launch plan), sent in this order after the tasks.</param>
public sealed record RegistrationBatch(IReadOnlyList<TaskCreateRequest> Tasks, IReadOnlyList<RemoteRegistration> Workflows);

/// <summary>One entity FlyteAdmin has: its id and whether this registration created it.</summary>
public sealed record RegisteredEntity(Flyteidl.Core.Identifier Id, RegistrationOutcome Outcome);

/// <summary>
/// Registers tasks, workflows and launch plans with FlyteAdmin: tasks concurrently, then each workflow (dependencies
/// first) and its launch plan in order. Re-registering identical entities is harmless
/// (<see cref="RegistrationOutcome.AlreadyExisted"/>); different content under an existing version is a
/// <see cref="FlyteVersionConflictException"/>.
/// </summary>
public static class Registration
{
    /// <summary>The entities of <paramref name="tasks"/> and <paramref name="workflows"/> compiled with <paramref name="options"/>, each in name order.</summary>
    public static RegistrationBatch Compile(IEnumerable<TaskSpec> tasks, IEnumerable<WorkflowSpec> workflows, CompileOptions options) =>
        Compile(tasks, workflows, [], options);

    /// <summary>
    /// The entities of <paramref name="tasks"/>, <paramref name="workflows"/> and the named <paramref name="launchPlans"/>
    /// compiled with <paramref name="options"/>, each in name order; the launch plans a workflow's nodes start come before
    /// it, and each entity is registered once.
    /// </summary>
    public static RegistrationBatch Compile(IEnumerable<TaskSpec> tasks, IEnumerable<WorkflowSpec> workflows, IEnumerable<Workflows.LaunchPlanSpec> launchPlans,
        CompileOptions options)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(launchPlans);
        ArgumentNullException.ThrowIfNull(options);
        var standalone = tasks.OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => FlyteCompiler.CompileTask(t, options))
            .Select(t => new TaskCreateRequest { Id = t.Template.Id.Clone(), Spec = t.Spec });
        var registrations = workflows.OrderBy(w => w.Name, StringComparer.Ordinal)
            .Select(w => RemoteCompilers.Registration(FlyteCompiler.CompileWorkflow(w, options)))
            .Concat(launchPlans.OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => RemoteCompilers.Registration(FlyteCompiler.CompileLaunchPlan(p, options))))
            .SelectMany(r => r.InOrder)
            .DistinctBy(r => r.LaunchPlan.Id.ToString()).ToList();
        return Of(standalone, registrations);
    }

    /// <summary>The batch of <paramref name="registrations"/> and <paramref name="tasks"/>: every task once, the first of each id kept.</summary>
    public static RegistrationBatch Of(IEnumerable<TaskCreateRequest> tasks, IReadOnlyList<RemoteRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(registrations);
        var all = tasks.Concat(registrations.SelectMany(r => r.Tasks)).GroupBy(t => t.Id.ToString()).Select(g => g.First()).ToList();
        return new RegistrationBatch(all, registrations);
    }

    /// <summary>
    /// Sends <paramref name="batch"/>: its tasks concurrently, then each workflow's workflows and launch plan in order;
    /// <paramref name="registered"/> hears of each entity in that order (tasks once all of them are done).
    /// </summary>
    /// <exception cref="FlyteVersionConflictException">An entity exists under the same version with other content.</exception>
    /// <exception cref="FlyteAdminException">FlyteAdmin refused an entity.</exception>
    public static async Task<IReadOnlyList<RegisteredEntity>> RegisterAsync(this FlyteAdminClient client, RegistrationBatch batch,
        Action<RegisteredEntity>? registered = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(batch);
        var entities = new List<RegisteredEntity>();
        void Add(Flyteidl.Core.Identifier id, RegistrationOutcome outcome)
        {
            var entity = new RegisteredEntity(id, outcome);
            entities.Add(entity);
            registered?.Invoke(entity);
        }
        var outcomes = await Task.WhenAll(batch.Tasks.Select(t => client.CreateTaskAsync(t, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < batch.Tasks.Count; i++)
            Add(batch.Tasks[i].Id, outcomes[i]);
        foreach (var registration in batch.Workflows)
        {
            foreach (var workflow in registration.Workflows)
                Add(workflow.Id, await client.CreateWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false));
            Add(registration.LaunchPlan.Id, await client.CreateLaunchPlanAsync(registration.LaunchPlan, cancellationToken).ConfigureAwait(false));
        }
        return entities;
    }
}
