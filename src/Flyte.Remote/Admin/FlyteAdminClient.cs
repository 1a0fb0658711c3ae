using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Flyte.Remote.Auth;
using Flyte.Remote.Transport;
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
/// A client of FlyteAdmin over gRPC (the default, <c>flyteidl.service.AdminService</c>) or its REST gateway
/// (<c>/api/v1/…</c>, protobuf-JSON), as <see cref="AdminConfig.Transport"/> says; both speak the generated flyteidl
/// classes and classify errors alike. Registration is idempotent: re-registering identical content is
/// <see cref="RegistrationOutcome.AlreadyExisted"/>; different content under a registered version is a
/// <see cref="FlyteVersionConflictException"/>. A call that finds Admin <c>UNAVAILABLE</c> is tried again (up to
/// <see cref="UnavailableAttempts"/> times in all; never CreateExecution, which is not idempotent). Every other error is
/// a <see cref="FlyteAdminException"/> carrying the gRPC code. Thread-safe.
/// </summary>
public sealed partial class FlyteAdminClient : IDisposable
{
    /// <summary>How often a call is tried in all while Admin answers <c>UNAVAILABLE</c> (or cannot be reached).</summary>
    public const int UnavailableAttempts = 3;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly IAdminTransport transport;
    private readonly ITokenSource? credentials;
    private readonly TimeProvider time;
    private readonly SecretScrubber scrubber = new();

    /// <summary>A client of the FlyteAdmin that <paramref name="config"/> names.</summary>
    /// <param name="config">Endpoint, transport, TLS and authentication.</param>
    /// <param name="httpClient">
    /// The HTTP client to use for both transports and the token endpoint (not disposed by this client); null for one of
    /// its own, which does not follow redirects (a redirect would carry a custom token header to wherever it points) and
    /// applies <see cref="AdminConfig.InsecureSkipVerify"/> and <see cref="AdminConfig.CaCertFilePath"/>. A client you
    /// pass should not follow redirects either, and must speak HTTP/2 for gRPC.
    /// </param>
    /// <param name="time">The clock deciding token expiry, retry delays and login polling; null for the system clock.</param>
    /// <param name="interaction">How a PKCE or device login reaches the user; null for <see cref="AuthInteraction.Default"/> (the system browser, standard error).</param>
    /// <exception cref="ArgumentException">
    /// Client credentials without an id or secret, an external command without <see cref="AdminConfig.Command"/>, or
    /// credentials over plain HTTP without <see cref="AdminConfig.Insecure"/>; or a
    /// <see cref="AdminConfig.CaCertFilePath"/> that is not a readable PEM file.
    /// </exception>
    public FlyteAdminClient(AdminConfig config, HttpClient? httpClient = null, TimeProvider? time = null, AuthInteraction? interaction = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        this.time = time ?? TimeProvider.System;
        ownsHttp = httpClient is null;
        http = httpClient ?? new HttpClient(Handler(config));
        transport = config.Transport == AdminTransport.Grpc
            ? new GrpcAdminTransport(config, http, scrubber)
            : new RestAdminTransport(config, http, scrubber);
        try
        {
            credentials = TokenSources.Create(config, http, transport, this.time, scrubber, interaction ?? AuthInteraction.Default);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The settings this client was made with.</summary>
    public AdminConfig Config { get; }

    /// <summary>How many access tokens were requested so far (0 without auth).</summary>
    public int TokensRequested => credentials?.TokensRequested ?? 0;

    /// <summary><c>CreateTask</c> (<c>POST /api/v1/tasks</c>).</summary>
    public Task<RegistrationOutcome> CreateTaskAsync(TaskCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(AdminCalls.CreateTask, request, request?.Id, cancellationToken);

    /// <summary><c>CreateWorkflow</c> (<c>POST /api/v1/workflows</c>); the tasks it references must be registered first.</summary>
    public Task<RegistrationOutcome> CreateWorkflowAsync(WorkflowCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(AdminCalls.CreateWorkflow, request, request?.Id, cancellationToken);

    /// <summary><c>CreateLaunchPlan</c> (<c>POST /api/v1/launch_plans</c>); the workflow must be registered first.</summary>
    public Task<RegistrationOutcome> CreateLaunchPlanAsync(LaunchPlanCreateRequest request, CancellationToken cancellationToken = default) =>
        CreateAsync(AdminCalls.CreateLaunchPlan, request, request?.Id, cancellationToken);

    /// <summary><c>GetTask</c> (<c>GET /api/v1/tasks/{project}/{domain}/{name}/{version}</c>).</summary>
    public Task<Flyteidl.Admin.Task> GetTaskAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.GetTask, ObjectGet(id), "GetTask " + Describe(id), cancellationToken);

    /// <summary><c>GetWorkflow</c> (<c>GET /api/v1/workflows/{project}/{domain}/{name}/{version}</c>).</summary>
    public Task<Workflow> GetWorkflowAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.GetWorkflow, ObjectGet(id), "GetWorkflow " + Describe(id), cancellationToken);

    /// <summary><c>GetLaunchPlan</c> (<c>GET /api/v1/launch_plans/{project}/{domain}/{name}/{version}</c>).</summary>
    public Task<LaunchPlan> GetLaunchPlanAsync(Core.Identifier id, CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.GetLaunchPlan, ObjectGet(id), "GetLaunchPlan " + Describe(id), cancellationToken);

    /// <summary><c>CreateExecution</c> (<c>POST /api/v1/executions</c>): starts an execution of a launch plan (or a single task).</summary>
    public async Task<Core.WorkflowExecutionIdentifier> CreateExecutionAsync(ExecutionCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        const string operation = "CreateExecution";
        var answer = await SendAsync(AdminCalls.CreateExecution, request, $"{operation} of {Describe(request.Spec?.LaunchPlan)}", cancellationToken)
            .ConfigureAwait(false);
        return answer.Id ?? throw new FlyteAdminException(GrpcStatusCode.INTERNAL, System.Net.HttpStatusCode.OK, operation, "The answer names no execution id.");
    }

    /// <summary><c>GetExecution</c> (<c>GET /api/v1/executions/{project}/{domain}/{name}</c>): phase, error and timings.</summary>
    public Task<Flyteidl.Admin.Execution> GetExecutionAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.GetExecution, new WorkflowExecutionGetRequest { Id = Checked(id) }, "GetExecution " + Describe(id), cancellationToken);

    /// <summary>
    /// <c>TerminateExecution</c> (<c>DELETE /api/v1/executions/{project}/{domain}/{name}</c>): asks Admin to abort a
    /// running execution; its phase becomes ABORTED once propeller has stopped it.
    /// </summary>
    /// <param name="id">The execution.</param>
    /// <param name="cause">Why, as recorded in the execution's abort metadata.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async System.Threading.Tasks.Task TerminateExecutionAsync(Core.WorkflowExecutionIdentifier id, string cause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cause);
        await SendAsync(AdminCalls.TerminateExecution, new ExecutionTerminateRequest { Id = Checked(id), Cause = cause },
            "TerminateExecution " + Describe(id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GetExecutionData</c> (<c>GET /api/v1/data/executions/{project}/{domain}/{name}</c>): inputs and outputs (inline below Admin's size limit).</summary>
    public Task<WorkflowExecutionGetDataResponse> GetExecutionDataAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken = default) =>
        SendAsync(AdminCalls.GetExecutionData, new WorkflowExecutionGetDataRequest { Id = Checked(id) }, "GetExecutionData " + Describe(id), cancellationToken);

    /// <summary><c>ListNodeExecutions</c> (<c>GET /api/v1/node_executions/{project}/{domain}/{name}?limit=…</c>): one page of the execution's top-level nodes.</summary>
    /// <param name="id">The execution.</param>
    /// <param name="limit">The page size; FlyteAdmin requires it to be positive.</param>
    /// <param name="token">The page token of the previous page's answer; empty or null for the first page.</param>
    /// <param name="uniqueParentId">List the children of this parent node (a sub-workflow or dynamic node) instead of the top level.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<NodeExecutionList> ListNodeExecutionsAsync(Core.WorkflowExecutionIdentifier id, int limit, string? token = null,
        string? uniqueParentId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var request = new NodeExecutionListRequest
            { WorkflowExecutionId = Checked(id), Limit = (uint)limit, Token = token ?? "", UniqueParentId = uniqueParentId ?? "" };
        return SendAsync(AdminCalls.ListNodeExecutions, request, "ListNodeExecutions " + Describe(id), cancellationToken);
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

    /// <summary><c>ListTaskExecutions</c> (<c>GET /api/v1/task_executions/{project}/{domain}/{name}/{node_id}?limit=…</c>): one page of a task node's attempts.</summary>
    public Task<TaskExecutionList> ListTaskExecutionsAsync(Core.NodeExecutionIdentifier id, int limit, string? token = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var request = new TaskExecutionListRequest { NodeExecutionId = id, Limit = (uint)limit, Token = token ?? "" };
        return SendAsync(AdminCalls.ListTaskExecutions, request, $"ListTaskExecutions {Describe(Checked(id.ExecutionId))}/{id.NodeId}", cancellationToken);
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

    /// <summary><c>GetNodeExecutionData</c> (<c>GET /api/v1/data/node_executions/{project}/{domain}/{name}/{node_id}</c>): one node's inputs and outputs.</summary>
    public Task<NodeExecutionGetDataResponse> GetNodeExecutionDataAsync(Core.NodeExecutionIdentifier id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return SendAsync(AdminCalls.GetNodeExecutionData, new NodeExecutionGetDataRequest { Id = id },
            $"GetNodeExecutionData {Describe(Checked(id.ExecutionId))}/{id.NodeId}", cancellationToken);
    }

    /// <summary>
    /// DataProxyService's <c>CreateUploadLocation</c> (<c>POST /api/v1/dataproxy/artifact_urn</c>): a signed URL to PUT
    /// a file to (with the answer's headers and <c>Content-MD5</c>), and the native URL (<c>s3://…</c>) tasks read it from.
    /// </summary>
    public Task<Flyteidl.Service.CreateUploadLocationResponse> CreateUploadLocationAsync(Flyteidl.Service.CreateUploadLocationRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(AdminCalls.CreateUploadLocation, request, $"CreateUploadLocation {request.Project}/{request.Domain}/{request.Filename}", cancellationToken);
    }

    /// <summary>Disposes the transport, and the HTTP client if this client made it.</summary>
    public void Dispose()
    {
        transport.Dispose();
        if (ownsHttp)
            http.Dispose();
    }

    private async Task<RegistrationOutcome> CreateAsync<TRequest, TResponse>(AdminCall<TRequest, TResponse> call, TRequest request,
        Core.Identifier? id, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = Describe(id);
        try
        {
            await SendAsync(call, request, $"{call.Name} {what}", cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// One call with the token (a fresh one, once, when Admin refuses it as UNAUTHENTICATED: it can expire or be revoked
    /// between our clock and theirs), tried again after <c>UNAVAILABLE</c> when the call is idempotent.
    /// </summary>
    private async Task<TResponse> SendAsync<TRequest, TResponse>(AdminCall<TRequest, TResponse> call, TRequest request, string operation,
        CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        string? refused = null;
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            (string, string)? header = null;
            if (credentials is not null)
                header = await credentials.HeaderAsync(refused, cancellationToken).ConfigureAwait(false);
            try
            {
                return await transport.CallAsync(call, request, header, operation, cancellationToken).ConfigureAwait(false);
            }
            catch (FlyteAdminException e) when (e.Code == GrpcStatusCode.UNAUTHENTICATED && header is { } sent && refused is null)
            {
                refused = sent.Item2["Bearer ".Length..];
            }
            catch (FlyteAdminException e) when (e.Code == GrpcStatusCode.UNAVAILABLE && call.Idempotent && attempt < UnavailableAttempts)
            {
                await System.Threading.Tasks.Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay *= 4;
            }
        }
    }

    /// <summary>The HTTP handler of a client's own: no redirects; the configured certificate checks.</summary>
    private static SocketsHttpHandler Handler(AdminConfig config)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, EnableMultipleHttp2Connections = true };
        if (config.InsecureSkipVerify)
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        else if (config.CaCertFilePath is { } path)
            handler.SslOptions.RemoteCertificateValidationCallback = TrustingAlso(LoadCa(path));
        return handler;
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"admin.caCertFilePath '{path}' is not a readable PEM file of CA certificates: {e.Message}", nameof(path), e);
        }
        if (certificates.Count == 0)
            throw new ArgumentException($"admin.caCertFilePath '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).", nameof(path));
        return certificates;
    }

    /// <summary>Accepts what the system trusts, and a chain that ends in one of <paramref name="roots"/> (names must still match).</summary>
    private static RemoteCertificateValidationCallback TrustingAlso(X509Certificate2Collection roots) => (_, certificate, _, errors) =>
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    };

    private static ObjectGetRequest ObjectGet(Core.Identifier id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new ObjectGetRequest { Id = id };
    }

    private static Core.WorkflowExecutionIdentifier Checked(Core.WorkflowExecutionIdentifier id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id;
    }

    internal static string Describe(Core.Identifier? id) =>
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
