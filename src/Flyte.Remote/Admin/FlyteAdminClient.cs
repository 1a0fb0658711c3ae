using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flyteidl.Admin;
using Google.Protobuf;
using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>What a create call did.</summary>
public enum RegistrationOutcome
{
    /// <summary>The entity was new and is now registered.</summary>
    Created,

    /// <summary>An identical entity was already registered under this version (FlyteAdmin's <c>ALREADY_EXISTS</c>).</summary>
    AlreadyExisted,
}

/// <summary>
/// A client of FlyteAdmin's REST gateway (<c>/api/v1/…</c>) with protobuf-JSON bodies built from the generated
/// flyteidl classes. Registration is idempotent: re-registering identical content is <see cref="RegistrationOutcome.AlreadyExisted"/>;
/// different content under a registered version is a <see cref="FlyteVersionConflictException"/>. Every other error
/// is a <see cref="FlyteAdminException"/> carrying the gRPC code. Thread-safe.
/// </summary>
public sealed class FlyteAdminClient : IDisposable
{
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly ClientCredentials? credentials;
    private readonly SecretScrubber scrubber = new();

    /// <summary>A client of the FlyteAdmin that <paramref name="config"/> names.</summary>
    /// <param name="config">Endpoint and authentication.</param>
    /// <param name="httpClient">
    /// The HTTP client to use (not disposed by this client); null for one of its own, which does not follow redirects
    /// (a redirect would carry a custom token header to wherever it points). A client you pass should not either.
    /// </param>
    /// <param name="time">The clock deciding token expiry; null for the system clock.</param>
    /// <exception cref="ArgumentException">
    /// Client credentials without an id or secret, or over plain HTTP without <see cref="AdminConfig.Insecure"/>.
    /// </exception>
    public FlyteAdminClient(AdminConfig config, HttpClient? httpClient = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        ownsHttp = httpClient is null;
        http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        credentials = config.AuthType == AdminAuthType.ClientSecret ? new ClientCredentials(config, http, time ?? TimeProvider.System, scrubber) : null;
    }

    /// <summary>The settings this client was made with.</summary>
    public AdminConfig Config { get; }

    /// <summary>How many access tokens were requested so far (0 without auth).</summary>
    public int TokensRequested => credentials?.TokensRequested ?? 0;

    /// <summary><c>POST /api/v1/tasks</c>.</summary>
    public Task<RegistrationOutcome> CreateTaskAsync(TaskCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync("api/v1/tasks", "CreateTask", request, request?.Id, cancellationToken);

    /// <summary><c>POST /api/v1/workflows</c>; the tasks it references must be registered first.</summary>
    public Task<RegistrationOutcome> CreateWorkflowAsync(WorkflowCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync("api/v1/workflows", "CreateWorkflow", request, request?.Id, cancellationToken);

    /// <summary><c>POST /api/v1/launch_plans</c>; the workflow must be registered first.</summary>
    public Task<RegistrationOutcome> CreateLaunchPlanAsync(LaunchPlanCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync("api/v1/launch_plans", "CreateLaunchPlan", request, request?.Id, cancellationToken);

    /// <summary><c>GET /api/v1/tasks/{project}/{domain}/{name}/{version}</c>.</summary>
    public Task<Flyteidl.Admin.Task> GetTaskAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        GetAsync<Flyteidl.Admin.Task>("api/v1/tasks/" + EntityPath(id), "GetTask " + Describe(id), cancellationToken);

    /// <summary><c>GET /api/v1/workflows/{project}/{domain}/{name}/{version}</c>.</summary>
    public Task<Workflow> GetWorkflowAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        GetAsync<Workflow>("api/v1/workflows/" + EntityPath(id), "GetWorkflow " + Describe(id), cancellationToken);

    /// <summary><c>GET /api/v1/launch_plans/{project}/{domain}/{name}/{version}</c>.</summary>
    public Task<LaunchPlan> GetLaunchPlanAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        GetAsync<LaunchPlan>("api/v1/launch_plans/" + EntityPath(id), "GetLaunchPlan " + Describe(id), cancellationToken);

    /// <summary><c>POST /api/v1/executions</c>: starts an execution of a launch plan (or a single task).</summary>
    public async Task<Core.WorkflowExecutionIdentifier> CreateExecutionAsync(ExecutionCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await SendAsync(HttpMethod.Post, "api/v1/executions", request,
            $"CreateExecution of {Describe(request.Spec?.LaunchPlan)}", cancellationToken).ConfigureAwait(false);
        return Read<ExecutionCreateResponse>(body, "CreateExecution").Id
            ?? throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "CreateExecution", "The answer names no execution id.");
    }

    /// <summary><c>GET /api/v1/executions/{project}/{domain}/{name}</c>: phase, error and timings.</summary>
    public Task<Flyteidl.Admin.Execution> GetExecutionAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken = default) =>
        GetAsync<Flyteidl.Admin.Execution>("api/v1/executions/" + ExecutionPath(id), "GetExecution " + Describe(id), cancellationToken);

    /// <summary><c>GET /api/v1/data/executions/{project}/{domain}/{name}</c>: inputs and outputs (inline below Admin's size limit).</summary>
    public Task<WorkflowExecutionGetDataResponse> GetExecutionDataAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken = default) =>
        GetAsync<WorkflowExecutionGetDataResponse>("api/v1/data/executions/" + ExecutionPath(id), "GetExecutionData " + Describe(id), cancellationToken);

    /// <summary><c>GET /api/v1/node_executions/{project}/{domain}/{name}?limit=…</c>: one page of the execution's top-level nodes.</summary>
    /// <param name="id">The execution.</param>
    /// <param name="limit">The page size; FlyteAdmin requires it to be positive.</param>
    /// <param name="token">The page token of the previous page's answer; empty or null for the first page.</param>
    /// <param name="uniqueParentId">List the children of this parent node (a sub-workflow or dynamic node) instead of the top level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<NodeExecutionList> ListNodeExecutionsAsync(Core.WorkflowExecutionIdentifier id, int limit, string? token = null,
        string? uniqueParentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var query = "?limit=" + limit.ToString(CultureInfo.InvariantCulture) +
                    (string.IsNullOrEmpty(token) ? "" : "&token=" + Uri.EscapeDataString(token)) +
                    (string.IsNullOrEmpty(uniqueParentId) ? "" : "&unique_parent_id=" + Uri.EscapeDataString(uniqueParentId));
        return GetAsync<NodeExecutionList>("api/v1/node_executions/" + ExecutionPath(id) + query, "ListNodeExecutions " + Describe(id),
            cancellationToken);
    }

    /// <summary>All top-level node executions, following page tokens.</summary>
    public Task<IReadOnlyList<NodeExecution>> ListAllNodeExecutionsAsync(Core.WorkflowExecutionIdentifier id, int pageSize = 100,
        CancellationToken cancellationToken = default) =>
        ListAllAsync(id, null, pageSize, cancellationToken);

    /// <summary>All node executions under a parent node (a sub-workflow's nodes), following page tokens.</summary>
    public Task<IReadOnlyList<NodeExecution>> ListChildNodeExecutionsAsync(Core.NodeExecutionIdentifier parent, int pageSize = 100,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return ListAllAsync(parent.ExecutionId, parent.NodeId, pageSize, cancellationToken);
    }

    private async Task<IReadOnlyList<NodeExecution>> ListAllAsync(Core.WorkflowExecutionIdentifier id, string? parent, int pageSize,
        CancellationToken cancellationToken)
    {
        var all = new List<NodeExecution>();
        string? token = null;
        do
        {
            var page = await ListNodeExecutionsAsync(id, pageSize, token, parent, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.NodeExecutions);
            token = page.Token;
        }
        while (!string.IsNullOrEmpty(token));
        return all;
    }

    /// <summary><c>GET /api/v1/task_executions/{project}/{domain}/{name}/{node_id}?limit=…</c>: one page of a task node's attempts.</summary>
    public Task<TaskExecutionList> ListTaskExecutionsAsync(Core.NodeExecutionIdentifier id, int limit, string? token = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var query = "?limit=" + limit.ToString(CultureInfo.InvariantCulture) +
                    (string.IsNullOrEmpty(token) ? "" : "&token=" + Uri.EscapeDataString(token));
        return GetAsync<TaskExecutionList>(
            "api/v1/task_executions/" + ExecutionPath(id.ExecutionId) + "/" + Uri.EscapeDataString(id.NodeId) + query,
            $"ListTaskExecutions {Describe(id.ExecutionId)}/{id.NodeId}", cancellationToken);
    }

    /// <summary>How many attempts a node made: its task executions, following page tokens (0 for a node that runs no task).</summary>
    public async Task<int> CountTaskExecutionsAsync(Core.NodeExecutionIdentifier id, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await ListTaskExecutionsAsync(id, pageSize, token, cancellationToken).ConfigureAwait(false);
            count += page.TaskExecutions.Count;
            token = page.Token;
        }
        while (!string.IsNullOrEmpty(token));
        return count;
    }

    /// <summary><c>GET /api/v1/data/node_executions/{project}/{domain}/{name}/{node_id}</c>: one node's inputs and outputs.</summary>
    public Task<NodeExecutionGetDataResponse> GetNodeExecutionDataAsync(Core.NodeExecutionIdentifier id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return GetAsync<NodeExecutionGetDataResponse>(
            "api/v1/data/node_executions/" + ExecutionPath(id.ExecutionId) + "/" + Uri.EscapeDataString(id.NodeId),
            $"GetNodeExecutionData {Describe(id.ExecutionId)}/{id.NodeId}", cancellationToken);
    }

    /// <summary>Disposes the HTTP client if this client made it.</summary>
    public void Dispose()
    {
        if (ownsHttp)
            http.Dispose();
    }

    private async Task<RegistrationOutcome> CreateAsync(string path, string operation, IMessage request, Core.Identifier? id,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = Describe(id);
        try
        {
            await SendAsync(HttpMethod.Post, path, request, $"{operation} {what}", cancellationToken).ConfigureAwait(false);
            return RegistrationOutcome.Created;
        }
        catch (FlyteAdminException e) when (e.Code == GrpcStatusCode.ALREADY_EXISTS)
        {
            return RegistrationOutcome.AlreadyExisted;
        }
        catch (FlyteAdminException e) when (e.Code == GrpcStatusCode.INVALID_ARGUMENT &&
                                            e.ServerMessage.Contains("different structure", StringComparison.OrdinalIgnoreCase))
        {
            throw new FlyteVersionConflictException(e.HttpStatus, e.Operation, what, e.ServerMessage);
        }
    }

    private async Task<T> GetAsync<T>(string path, string operation, CancellationToken cancellationToken) where T : IMessage<T>, new()
    {
        var body = await SendAsync(HttpMethod.Get, path, null, operation, cancellationToken).ConfigureAwait(false);
        return Read<T>(body, operation);
    }

    private T Read<T>(string body, string operation) where T : IMessage<T>, new()
    {
        try
        {
            return AdminJson.Parse<T>(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, operation,
                $"The answer is not a {typeof(T).Name}: {scrubber.Excerpt(e.Message)}");
        }
    }

    private async Task<string> SendAsync(HttpMethod method, string path, IMessage? body, string operation, CancellationToken cancellationToken)
    {
        var json = body is null ? null : AdminJson.Format(body);
        string? sentToken = null;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(Config.Endpoint, path));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (json is not null)
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            if (credentials is not null)
            {
                var (name, value) = await credentials.HeaderAsync(sentToken, cancellationToken).ConfigureAwait(false);
                request.Headers.TryAddWithoutValidation(name, value);
                sentToken = value["Bearer ".Length..];
            }
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return text;
            // A token can expire or be revoked between our clock and theirs: fetch a fresh one and retry once.
            if (response.StatusCode == HttpStatusCode.Unauthorized && credentials is not null && attempt == 0)
                continue;
            if ((int)response.StatusCode is >= 300 and < 400)
                throw new FlyteAdminException(GrpcStatusCode.FAILED_PRECONDITION, response.StatusCode, operation,
                    $"FlyteAdmin answered with a redirect to {scrubber.Excerpt(response.Headers.Location?.GetLeftPart(UriPartial.Path) ?? "nowhere")}, " +
                    "which is not followed (it would carry credentials elsewhere): point the endpoint at where Admin really is.");
            throw Error(response.StatusCode, operation, text);
        }
    }

    /// <summary>
    /// The error for an answer: the gateway's code and message when it sent them, else a short excerpt of the body;
    /// either way scrubbed of the secret and tokens and cut to <see cref="SecretScrubber.ExcerptLength"/> characters.
    /// </summary>
    private FlyteAdminException Error(HttpStatusCode status, string operation, string body)
    {
        var code = FlyteAdminException.CodeOf(status);
        var message = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var number) &&
                    Enum.IsDefined(typeof(GrpcStatusCode), number))
                    code = (GrpcStatusCode)number;
                if (document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    message = m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not the gateway's error shape (a proxy's HTML page, say): keep an excerpt of the body.
        }
        return new FlyteAdminException(code, status, operation,
            message.Length == 0 ? $"HTTP {(int)status} with an empty body" : scrubber.Excerpt(message));
    }

    private static string EntityPath(Core.Identifier id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Join('/', new[] { id.Project, id.Domain, id.Name, id.Version }.Select(Uri.EscapeDataString));
    }

    private static string ExecutionPath(Core.WorkflowExecutionIdentifier id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return string.Join('/', new[] { id.Project, id.Domain, id.Name }.Select(Uri.EscapeDataString));
    }

    private static string Describe(Core.Identifier? id) =>
        id is null ? "(no id)" : $"{KindOf(id.ResourceType)} {id.Project}/{id.Domain}/{id.Name}@{id.Version}";

    private static string KindOf(Core.ResourceType type) => type switch
    {
        Core.ResourceType.Task => "TASK",
        Core.ResourceType.Workflow => "WORKFLOW",
        Core.ResourceType.LaunchPlan => "LAUNCH_PLAN",
        Core.ResourceType.Dataset => "DATASET",
        _ => "UNSPECIFIED",
    };

    private static string Describe(Core.WorkflowExecutionIdentifier id) => $"{id.Project}/{id.Domain}/{id.Name}";
}
