using System.Globalization;
using Flyteidl.Admin;
using Flyteidl.Service;
using Core = Flyteidl.Core;

namespace Flyte.Remote.Transport;

/// <summary>The AdminService methods the SDK calls, each with its gRPC method and its REST gateway route (<c>admin.proto</c>'s <c>google.api.http</c>).</summary>
internal static partial class AdminCalls
{
    public static readonly AdminCall<TaskCreateRequest, TaskCreateResponse> CreateTask =
        new("CreateTask", (c, r, o) => c.CreateTaskAsync(r, o), HttpMethod.Post, _ => "api/v1/tasks");

    public static readonly AdminCall<WorkflowCreateRequest, WorkflowCreateResponse> CreateWorkflow =
        new("CreateWorkflow", (c, r, o) => c.CreateWorkflowAsync(r, o), HttpMethod.Post, _ => "api/v1/workflows");

    public static readonly AdminCall<LaunchPlanCreateRequest, LaunchPlanCreateResponse> CreateLaunchPlan =
        new("CreateLaunchPlan", (c, r, o) => c.CreateLaunchPlanAsync(r, o), HttpMethod.Post, _ => "api/v1/launch_plans");

    public static readonly AdminCall<ObjectGetRequest, Flyteidl.Admin.Task> GetTask =
        new("GetTask", (c, r, o) => c.GetTaskAsync(r, o), HttpMethod.Get, r => "api/v1/tasks/" + EntityPath(r.Id));

    public static readonly AdminCall<ObjectGetRequest, Workflow> GetWorkflow =
        new("GetWorkflow", (c, r, o) => c.GetWorkflowAsync(r, o), HttpMethod.Get, r => "api/v1/workflows/" + EntityPath(r.Id));

    public static readonly AdminCall<ObjectGetRequest, LaunchPlan> GetLaunchPlan =
        new("GetLaunchPlan", (c, r, o) => c.GetLaunchPlanAsync(r, o), HttpMethod.Get, r => "api/v1/launch_plans/" + EntityPath(r.Id));

    /// <summary>Not idempotent: without a name, each call starts another execution.</summary>
    public static readonly AdminCall<ExecutionCreateRequest, ExecutionCreateResponse> CreateExecution =
        new("CreateExecution", (c, r, o) => c.CreateExecutionAsync(r, o), HttpMethod.Post, _ => "api/v1/executions", Idempotent: false);

    public static readonly AdminCall<WorkflowExecutionGetRequest, Flyteidl.Admin.Execution> GetExecution =
        new("GetExecution", (c, r, o) => c.GetExecutionAsync(r, o), HttpMethod.Get, r => "api/v1/executions/" + ExecutionPath(r.Id));

    public static readonly AdminCall<ExecutionTerminateRequest, ExecutionTerminateResponse> TerminateExecution =
        new("TerminateExecution", (c, r, o) => c.TerminateExecutionAsync(r, o), HttpMethod.Delete, r => "api/v1/executions/" + ExecutionPath(r.Id));

    public static readonly AdminCall<WorkflowExecutionGetDataRequest, WorkflowExecutionGetDataResponse> GetExecutionData =
        new("GetExecutionData", (c, r, o) => c.GetExecutionDataAsync(r, o), HttpMethod.Get, r => "api/v1/data/executions/" + ExecutionPath(r.Id));

    public static readonly AdminCall<NodeExecutionListRequest, NodeExecutionList> ListNodeExecutions =
        new("ListNodeExecutions", (c, r, o) => c.ListNodeExecutionsAsync(r, o), HttpMethod.Get, r =>
            "api/v1/node_executions/" + ExecutionPath(r.WorkflowExecutionId) + Query(r.Limit, r.Token) +
            (r.UniqueParentId.Length == 0 ? "" : "&unique_parent_id=" + Uri.EscapeDataString(r.UniqueParentId)));

    public static readonly AdminCall<TaskExecutionListRequest, TaskExecutionList> ListTaskExecutions =
        new("ListTaskExecutions", (c, r, o) => c.ListTaskExecutionsAsync(r, o), HttpMethod.Get, r =>
            "api/v1/task_executions/" + NodePath(r.NodeExecutionId) + Query(r.Limit, r.Token));

    public static readonly AdminCall<NodeExecutionGetDataRequest, NodeExecutionGetDataResponse> GetNodeExecutionData =
        new("GetNodeExecutionData", (c, r, o) => c.GetNodeExecutionDataAsync(r, o), HttpMethod.Get, r => "api/v1/data/node_executions/" + NodePath(r.Id));

    /// <summary>DataProxyService's <c>CreateUploadLocation</c>, on Admin's channel; its gateway route is <c>POST /api/v1/dataproxy/artifact_urn</c>.</summary>
    public static readonly AdminCall<CreateUploadLocationRequest, CreateUploadLocationResponse> CreateUploadLocation =
        new("CreateUploadLocation", (c, r, o) => c.DataProxy().CreateUploadLocationAsync(r, o), HttpMethod.Post, _ => "api/v1/dataproxy/artifact_urn");

    private static string Query(uint limit, string token) =>
        "?limit=" + limit.ToString(CultureInfo.InvariantCulture) + (token.Length == 0 ? "" : "&token=" + Uri.EscapeDataString(token));

    private static string EntityPath(Core.Identifier id) =>
        string.Join('/', new[] { id.Project, id.Domain, id.Name, id.Version }.Select(Uri.EscapeDataString));

    private static string ExecutionPath(Core.WorkflowExecutionIdentifier id) =>
        string.Join('/', new[] { id.Project, id.Domain, id.Name }.Select(Uri.EscapeDataString));

    private static string NodePath(Core.NodeExecutionIdentifier id) => ExecutionPath(id.ExecutionId) + "/" + Uri.EscapeDataString(id.NodeId);
}
