using Flyte.Remote.Transport;
using Flyteidl.Admin;
using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>The calls <see cref="FlyteRemote"/> needs beyond registration and running: versions of an entity, and relaunch.</summary>
public sealed partial class FlyteAdminClient
{
    /// <summary>The sort flytekit uses to find an entity's latest version: <c>created_at</c>, newest first.</summary>
    public static Sort NewestFirst => new() { Key = "created_at", Direction = Sort.Types.Direction.Descending };

    /// <summary><c>ListTasks</c> (<c>GET /api/v1/tasks/{project}/{domain}/{name}?limit=…</c>): one page of a task's versions.</summary>
    /// <param name="id">The task's project, domain and name.</param>
    /// <param name="limit">The page size; FlyteAdmin requires it to be positive.</param>
    /// <param name="sortBy">The order; null for Admin's own.</param>
    /// <param name="token">The page token of the previous page's answer; empty or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<TaskList> ListTasksAsync(NamedEntityIdentifier id, int limit, Sort? sortBy = null, string? token = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.ListTasks, ListRequest(id, limit, sortBy, token), "ListTasks " + Describe(id), cancellationToken);

    /// <summary><c>ListWorkflows</c> (<c>GET /api/v1/workflows/{project}/{domain}/{name}?limit=…</c>): one page of a workflow's versions.</summary>
    public Task<WorkflowList> ListWorkflowsAsync(NamedEntityIdentifier id, int limit, Sort? sortBy = null, string? token = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.ListWorkflows, ListRequest(id, limit, sortBy, token), "ListWorkflows " + Describe(id), cancellationToken);

    /// <summary><c>ListLaunchPlans</c> (<c>GET /api/v1/launch_plans/{project}/{domain}/{name}?limit=…</c>): one page of a launch plan's versions.</summary>
    public Task<LaunchPlanList> ListLaunchPlansAsync(NamedEntityIdentifier id, int limit, Sort? sortBy = null, string? token = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.ListLaunchPlans, ListRequest(id, limit, sortBy, token), "ListLaunchPlans " + Describe(id), cancellationToken);

    /// <summary>
    /// <c>RelaunchExecution</c> (<c>POST /api/v1/executions/relaunch</c>): a new execution of the same launch plan (or
    /// task) with the same inputs. Never repeated after <c>UNAVAILABLE</c>, like CreateExecution.
    /// </summary>
    /// <param name="id">The execution to relaunch.</param>
    /// <param name="name">The new execution's name; null or empty for one Admin makes up.</param>
    /// <param name="overwriteCache">Run every cached task again and replace its stored outputs.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new execution's id.</returns>
    public async Task<Core.WorkflowExecutionIdentifier> RelaunchExecutionAsync(Core.WorkflowExecutionIdentifier id, string? name = null,
        bool overwriteCache = false, CancellationToken cancellationToken = default)
    {
        const string operation = "RelaunchExecution";
        var answer = await SendAsync(AdminCalls.RelaunchExecution,
            new ExecutionRelaunchRequest { Id = Checked(id), Name = name ?? "", OverwriteCache = overwriteCache },
            $"{operation} of {Describe(id)}", cancellationToken).ConfigureAwait(false);
        return answer.Id ?? throw new FlyteAdminException(GrpcStatusCode.INTERNAL, System.Net.HttpStatusCode.OK, operation, "The answer names no execution id.");
    }

    private static ResourceListRequest ListRequest(NamedEntityIdentifier id, int limit, Sort? sortBy, string? token)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return new ResourceListRequest { Id = id, Limit = (uint)limit, Token = token ?? "", SortBy = sortBy };
    }

    private static string Describe(NamedEntityIdentifier id) => $"{id.Project}/{id.Domain}/{id.Name}";
}
