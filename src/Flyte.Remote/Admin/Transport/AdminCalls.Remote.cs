using System.Globalization;
using Flyteidl.Admin;
using Core = Flyteidl.Core;

namespace Flyte.Remote.Transport;

/// <summary>The AdminService methods <see cref="FlyteRemote"/> adds: listing versions of a named entity, and relaunching an execution.</summary>
internal static partial class AdminCalls
{
    public static readonly AdminCall<ResourceListRequest, TaskList> ListTasks =
        new("ListTasks", (c, r, o) => c.ListTasksAsync(r, o), HttpMethod.Get, r => "api/v1/tasks/" + NamedPath(r));

    public static readonly AdminCall<ResourceListRequest, WorkflowList> ListWorkflows =
        new("ListWorkflows", (c, r, o) => c.ListWorkflowsAsync(r, o), HttpMethod.Get, r => "api/v1/workflows/" + NamedPath(r));

    public static readonly AdminCall<ResourceListRequest, LaunchPlanList> ListLaunchPlans =
        new("ListLaunchPlans", (c, r, o) => c.ListLaunchPlansAsync(r, o), HttpMethod.Get, r => "api/v1/launch_plans/" + NamedPath(r));

    /// <summary>Not idempotent: without a name, each call starts another execution.</summary>
    public static readonly AdminCall<ExecutionRelaunchRequest, ExecutionCreateResponse> RelaunchExecution =
        new("RelaunchExecution", (c, r, o) => c.RelaunchExecutionAsync(r, o), HttpMethod.Post, _ => "api/v1/executions/relaunch", Idempotent: false);

    /// <summary><c>{id.project}/{id.domain}/{id.name}</c> and the query: limit, token, and the sort as grpc-gateway reads nested fields (<c>sort_by.key</c>).</summary>
    private static string NamedPath(ResourceListRequest r) =>
        string.Join('/', new[] { r.Id.Project, r.Id.Domain, r.Id.Name }.Select(Uri.EscapeDataString)) + Query(r.Limit, r.Token) +
        (r.SortBy is { Key.Length: > 0 } sort
            ? "&sort_by.key=" + Uri.EscapeDataString(sort.Key) + "&sort_by.direction=" + sort.Direction.ToString().ToUpperInvariant()
            : "") +
        (r.Filters.Length == 0 ? "" : "&filters=" + Uri.EscapeDataString(r.Filters));
}
