using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Proto;
using Flyte.Remote;
using Flyte.Workflows;
using Flyteidl.Admin;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Core = Flyteidl.Core;
using NodeExecution = Flyteidl.Admin.NodeExecution;
using Task = System.Threading.Tasks.Task;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;

namespace Flyte.Tests.Admin;

/// <summary>
/// A FlyteAdmin on loopback with both faces of the real one: the gRPC <c>AdminService</c> and <c>AuthMetadataService</c>
/// (built on the generated service base classes, h2c on Kestrel, <see cref="GrpcEndpoint"/>) and the REST gateway
/// (HttpListener, <see cref="Endpoint"/>, also serving the OAuth2 token endpoint). Both share one state and are strict
/// about what they are sent: every body is parsed with the generated flyteidl classes (REST: unknown fields rejected), tasks must exist before a workflow that uses them, identical
/// re-registration is 409 ALREADY_EXISTS and different content under a version 400 INVALID_ARGUMENT. Executions run
/// the workflow given out of band (<see cref="Serve"/>) with the local interpreter and move QUEUED → RUNNING →
/// SUCCEEDED/FAILED, one step per GetExecution. Optionally requires OAuth2 client credentials.
/// </summary>
public sealed class FakeFlyteAdmin : IDisposable
{
    private static readonly JsonFormatter Answers =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true).WithTypeRegistry(AdminJson.Registry));

    private readonly HttpListener listener;
    private readonly object gate = new();
    private readonly Dictionary<string, TaskCreateRequest> tasks = new();
    private readonly Dictionary<string, WorkflowCreateRequest> workflows = new();
    private readonly Dictionary<string, LaunchPlanCreateRequest> launchPlans = new();
    private readonly Dictionary<string, FakeExecution> executions = new();
    private readonly ConcurrentDictionary<string, WorkflowSpec> served = new();
    private readonly HashSet<string> tokens = new();
    private readonly Task loop;
    private readonly WebApplication grpc;
    private int executionCounter;
    private int forcedUnauthorized;
    private int unavailableCalls;

    /// <summary>Starts the server on free loopback ports; the gRPC face over TLS with <paramref name="tls"/> when given.</summary>
    public FakeFlyteAdmin(FakeAuth? auth = null, InterpreterOptions? local = null, X509Certificate2? tls = null)
    {
        Auth = auth;
        Local = new LocalInterpreter(local ?? InterpreterOptions.Default);
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            // A fresh listener per attempt: one whose start failed keeps that port among its prefixes, and closing it
            // later would try to bind the port again ("Address already in use").
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                listener = candidate;
                Endpoint = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between the probe and the start: try another.
                candidate.Abort();
            }
        }
        loop = Task.Run(AcceptAsync);
        grpc = FakeAdminGrpc.Start(this, tls);
        GrpcEndpoint = FakeAdminGrpc.AddressOf(grpc);
    }

    /// <summary>The gRPC address, e.g. <c>http://127.0.0.1:41235/</c> (cleartext HTTP/2), or <c>https://</c> with TLS.</summary>
    public Uri GrpcEndpoint { get; }

    /// <summary>The client settings for this server over <paramref name="transport"/>, plaintext allowed, no auth.</summary>
    public AdminConfig Config(AdminTransport transport) => new()
    {
        Endpoint = transport == AdminTransport.Grpc ? GrpcEndpoint : Endpoint,
        Transport = transport,
        Insecure = true,
    };

    /// <summary>The endpoint as flytectl's config would name it: <c>dns:///127.0.0.1:port</c> for gRPC, the <c>http://</c> address for REST.</summary>
    public string ConfigEndpoint(AdminTransport transport) =>
        transport == AdminTransport.Grpc ? $"dns:///{GrpcEndpoint.Authority}" : Endpoint.ToString();

    /// <summary>How many of the next API calls (either face) are answered UNAVAILABLE, as a restarting Admin or its proxy would.</summary>
    public int UnavailableCalls
    {
        get => Volatile.Read(ref unavailableCalls);
        set => Volatile.Write(ref unavailableCalls, value);
    }

    /// <summary>With <see cref="OutputsTooLargeToInline"/>: where the outputs are (given the execution's name and outputs); null for a made-up S3 URL.</summary>
    public Func<string, Core.LiteralMap, string>? OutputsUrl { get; set; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The auth the server requires; null for none.</summary>
    public FakeAuth? Auth { get; }

    /// <summary>The interpreter that plays propeller.</summary>
    public LocalInterpreter Local { get; }

    /// <summary>Every request as <c>METHOD path</c> (REST and the token endpoint) or <c>gRPC Method</c>, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Requests the server could not understand (malformed bodies, unknown routes); tests expect none.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>How many tokens the token endpoint issued.</summary>
    public int TokensIssued { get; private set; }

    /// <summary>The phases each execution went through, as its GetExecution calls saw them.</summary>
    public IReadOnlyList<Core.WorkflowExecution.Types.Phase> PhasesOf(string name)
    {
        FakeExecution execution;
        lock (gate)
            execution = executions[name];
        lock (execution)
            return execution.Seen.ToList();
    }

    /// <summary>How many executions were created.</summary>
    public int ExecutionCount
    {
        get { lock (gate) return executions.Count; }
    }

    /// <summary>The request that created execution <paramref name="name"/>.</summary>
    public ExecutionCreateRequest CreateRequestOf(string name)
    {
        lock (gate)
            return executions[name].Request;
    }

    /// <summary>The registered task create requests, by <c>project/domain/name/version</c>.</summary>
    public IReadOnlyDictionary<string, TaskCreateRequest> Tasks
    {
        get { lock (gate) return new Dictionary<string, TaskCreateRequest>(tasks); }
    }

    /// <summary>The registered workflow create requests.</summary>
    public IReadOnlyDictionary<string, WorkflowCreateRequest> Workflows
    {
        get { lock (gate) return new Dictionary<string, WorkflowCreateRequest>(workflows); }
    }

    /// <summary>The registered launch plans.</summary>
    public IReadOnlyDictionary<string, LaunchPlanCreateRequest> LaunchPlans
    {
        get { lock (gate) return new Dictionary<string, LaunchPlanCreateRequest>(launchPlans); }
    }

    /// <summary>Answer GetExecutionData as Admin does for outputs above its inline limit: a URL, no <c>full_outputs</c>.</summary>
    public bool OutputsTooLargeToInline { get; set; }

    /// <summary>Every error answer repeats the request verbatim (headers and body), as a careless server or proxy would.</summary>
    public bool EchoRequests { get; set; }

    /// <summary>The token endpoint the discovery document names; null for this server's own <c>/oauth2/token</c>.</summary>
    public Uri? DiscoveredTokenEndpoint { get; set; }

    /// <summary>Issue tokens under a misspelled field (<c>accessToken</c>) instead of <c>access_token</c>.</summary>
    public bool MisnameTokenField { get; set; }

    /// <summary>Answer every API call with a 307 redirect to this address (a moved or hijacked gateway); null for none.</summary>
    public Uri? RedirectApiTo { get; set; }

    /// <summary>Executions of a workflow named <paramref name="workflow"/>'s name run it (out of band, as propeller would run the containers).</summary>
    public void Serve(WorkflowSpec workflow) => served[workflow.Name] = workflow;

    /// <summary>The next authenticated API call is answered 401 although its token is good (a revoked token).</summary>
    public void RejectNextToken() => Interlocked.Exchange(ref forcedUnauthorized, 1);

    /// <inheritdoc />
    public void Dispose()
    {
        grpc.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)grpc).Dispose();
        // Close alone: after Stop, Close would look the port up again, find it gone and bind it anew, which fails
        // when another process has taken the port in between ("Address already in use" from Dispose).
        listener.Close();
        try
        {
            loop.GetAwaiter().GetResult();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private Task AcceptAsync() => ServeRequests(listener, HandleAsync);

    /// <summary>Hands every request <paramref name="listener"/> receives to <paramref name="handle"/> until it stops.</summary>
    public static async Task ServeRequests(HttpListener listener, Func<HttpListenerContext, Task> handle)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => handle(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        Requests.Enqueue($"{request.HttpMethod} {path}");
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
            body = await reader.ReadToEndAsync();
        (int Status, string Json) answer;
        try
        {
            answer = Route(request, path, body);
            if (EchoRequests && answer.Status >= 400)
                answer = Error(answer.Status, 2, $"{answer.Json}; you sent: {request.HttpMethod} {request.Url} " +
                    string.Join(" ", request.Headers.AllKeys.Select(k => $"{k}: {request.Headers[k]}")) + " " + body);
        }
        catch (InvalidProtocolBufferException e)
        {
            Problems.Enqueue($"{request.HttpMethod} {path}: malformed body: {e.Message}");
            answer = Error(400, 3, "malformed request body: " + e.Message);
        }
        catch (Exception e)
        {
            Problems.Enqueue($"{request.HttpMethod} {path}: {e}");
            answer = Error(500, 13, e.Message);
        }
        var bytes = Encoding.UTF8.GetBytes(answer.Json);
        if (RedirectApiTo is { } target && path.StartsWith("/api/v1/", StringComparison.Ordinal))
        {
            answer.Status = 307;
            context.Response.RedirectLocation = new Uri(target, path.TrimStart('/')).ToString();
        }
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (int, string) Route(HttpListenerRequest request, string path, string body)
    {
        var method = request.HttpMethod;
        if (method == "GET" && path == "/.well-known/oauth-authorization-server")
            return Json(new { issuer = Endpoint.ToString(), token_endpoint = (DiscoveredTokenEndpoint ?? new Uri(Endpoint, "oauth2/token")).ToString(),
                grant_types_supported = new[] { "client_credentials" } });
        if (method == "GET" && path == "/config/v1/flyte_client")
            return Json(new { client_id = "flytectl", authorization_metadata_key = Auth?.HeaderName ?? "authorization", scopes = new[] { "all" } });
        if (method == "POST" && path == "/oauth2/token")
            return Token(request, body);
        if (!path.StartsWith("/api/v1/", StringComparison.Ordinal))
            return Unknown(method, path);
        if (Auth is not null && !Authorized(request.Headers[Auth.HeaderName]))
            return Error(401, 16, "authentication required: missing or invalid token");
        if (Unavailable())
            return Error(503, 14, "upstream connect error or disconnect/reset before headers");

        var parts = path["/api/v1/".Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        uint Limit() => uint.TryParse(request.QueryString["limit"], out var limit) ? limit : 0;
        try
        {
            IMessage? answer = (method, parts[0], parts.Length) switch
            {
                ("POST", "tasks", 1) => CreateTask(AdminJson.StrictParser.Parse<TaskCreateRequest>(body)),
                ("POST", "workflows", 1) => CreateWorkflow(AdminJson.StrictParser.Parse<WorkflowCreateRequest>(body)),
                ("POST", "launch_plans", 1) => CreateLaunchPlan(AdminJson.StrictParser.Parse<LaunchPlanCreateRequest>(body)),
                ("GET", "tasks", 5) => GetTask(Key(parts)),
                ("GET", "workflows", 5) => GetWorkflow(Key(parts)),
                ("GET", "launch_plans", 5) => GetLaunchPlan(Key(parts)),
                ("POST", "executions", 1) => CreateExecution(AdminJson.StrictParser.Parse<ExecutionCreateRequest>(body)),
                ("GET", "executions", 4) => GetExecution(parts[3]),
                ("DELETE", "executions", 4) => Terminate(parts[3], AdminJson.StrictParser.Parse<ExecutionTerminateRequest>(body).Cause),
                ("GET", "data", 5) when parts[1] == "executions" => ExecutionData(parts[4]),
                ("GET", "data", 6) when parts[1] == "node_executions" => NodeData(parts[4], parts[5]),
                ("GET", "task_executions", 5) => ListAttempts(parts[3], parts[4], Limit(), request.QueryString["token"]),
                ("GET", "node_executions", 4) => ListNodes(parts[3], Limit(), request.QueryString["token"], request.QueryString["unique_parent_id"]),
                _ => null,
            };
            return answer is null ? Unknown(method, path) : (200, Answers.Format(answer));
        }
        catch (AdminFault fault)
        {
            return Error(fault.HttpStatus, (int)fault.Code, fault.Message);
        }
    }

    private (int, string) Unknown(string method, string path)
    {
        Problems.Enqueue($"{method} {path}: no such route");
        return Error(404, 5, $"no route for {method} {path}");
    }

    /// <summary>Whether <paramref name="header"/> (the value of <see cref="FakeAuth.HeaderName"/>) carries a token this server issued.</summary>
    internal bool Authorized(string? header)
    {
        if (Interlocked.Exchange(ref forcedUnauthorized, 0) == 1)
        {
            lock (gate)
                tokens.Clear();
            return false;
        }
        lock (gate)
            return header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) && tokens.Contains(header["Bearer ".Length..]);
    }

    private (int, string) Token(HttpListenerRequest request, string body)
    {
        if (Auth is null)
            return Error(404, 5, "auth is off");
        var basic = request.Headers["Authorization"];
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Auth.ClientId}:{Uri.EscapeDataString(Auth.ClientSecret)}"));
        if (basic != expected)
            return (401, JsonSerializer.Serialize(new { error = "invalid_client" }));
        var form = body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
        if (!form.TryGetValue("grant_type", out var grant) || grant != "client_credentials")
            return (400, JsonSerializer.Serialize(new { error = "unsupported_grant_type" }));
        if (Auth.Scope is not null && (!form.TryGetValue("scope", out var scope) || scope != Auth.Scope))
            return (400, JsonSerializer.Serialize(new { error = "invalid_scope" }));
        string token;
        lock (gate)
        {
            TokensIssued++;
            token = "token-" + TokensIssued;
            tokens.Add(token);
        }
        return MisnameTokenField
            ? Json(new { accessToken = token, token_type = "bearer", expires_in = 3600 })
            : Json(new { access_token = token, token_type = "bearer", expires_in = 3600 });
    }

    /// <summary>Whether this call is answered UNAVAILABLE (see <see cref="UnavailableCalls"/>).</summary>
    internal bool Unavailable()
    {
        while (true)
        {
            var left = Volatile.Read(ref unavailableCalls);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref unavailableCalls, left - 1, left) == left) return true;
        }
    }

    internal static string Key(Core.Identifier id) => $"{id.Project}/{id.Domain}/{id.Name}/{id.Version}";

    private static string Key(string[] parts) => string.Join('/', parts.Skip(1));

    private static void CheckId(Core.Identifier? id, Core.ResourceType type)
    {
        if (id is null || id.ResourceType != type || new[] { id.Project, id.Domain, id.Name, id.Version }.Any(string.IsNullOrEmpty))
            throw AdminFault.Invalid($"an id of type {type} with project, domain, name and version is required, got {id}");
    }

    private void Register<T>(Dictionary<string, T> store, Core.Identifier id, T request, string kind) where T : IMessage<T>
    {
        lock (gate)
        {
            if (store.TryGetValue(Key(id), out var existing))
                throw existing.Equals(request)
                    ? new AdminFault(GrpcStatusCode.ALREADY_EXISTS, $"{kind} with identical structure already exists")
                    : AdminFault.Invalid($"{kind} with different structure already exists. (Please register a new version of the {kind})");
            store[Key(id)] = request;
        }
    }

    internal TaskCreateResponse CreateTask(TaskCreateRequest request)
    {
        CheckId(request.Id, Core.ResourceType.Task);
        if (request.Spec?.Template is not { } template || !template.Id.Equals(request.Id) || template.Interface is null)
            throw AdminFault.Invalid("spec.template with the same id and an interface is required");
        Register(tasks, request.Id, request, "task");
        return new TaskCreateResponse();
    }

    internal WorkflowCreateResponse CreateWorkflow(WorkflowCreateRequest request)
    {
        CheckId(request.Id, Core.ResourceType.Workflow);
        if (request.Spec?.Template is not { } template || !template.Id.Equals(request.Id))
            throw AdminFault.Invalid("spec.template with the same id is required");
        var subIds = request.Spec.SubWorkflows.Select(s => Key(s.Id)).ToHashSet();
        foreach (var wf in request.Spec.SubWorkflows.Prepend(template))
            foreach (var node in wf.Nodes)
            {
                if (node.TaskNode is { } taskNode)
                {
                    lock (gate)
                        if (!tasks.ContainsKey(Key(taskNode.ReferenceId)))
                            throw AdminFault.Invalid($"failed to compile workflow {Key(request.Id)}: missing entity of type TASK with identifier {Key(taskNode.ReferenceId)}");
                }
                else if (node.WorkflowNode is { SubWorkflowRef: { } sub } && !subIds.Contains(Key(sub)))
                    throw AdminFault.Invalid($"failed to compile workflow {Key(request.Id)}: sub-workflow {Key(sub)} is not in sub_workflows");
                else if (node.WorkflowNode is { LaunchplanRef: { } plan })
                {
                    lock (gate)
                        if (!launchPlans.ContainsKey(Key(plan)))
                            throw AdminFault.Invalid($"failed to compile workflow {Key(request.Id)}: missing entity of type LAUNCH_PLAN with identifier {Key(plan)}");
                }
            }
        Register(workflows, request.Id, request, "workflow");
        return new WorkflowCreateResponse();
    }

    internal LaunchPlanCreateResponse CreateLaunchPlan(LaunchPlanCreateRequest request)
    {
        CheckId(request.Id, Core.ResourceType.LaunchPlan);
        lock (gate)
            if (request.Spec?.WorkflowId is not { } wf || !workflows.ContainsKey(Key(wf)))
                throw AdminFault.Invalid($"launch plan {Key(request.Id)} references workflow {request.Spec?.WorkflowId} which is not registered");
        Register(launchPlans, request.Id, request, "launch plan");
        return new LaunchPlanCreateResponse();
    }

    internal Flyteidl.Admin.Task GetTask(string key) => Get(tasks, key, r => new Flyteidl.Admin.Task
        { Id = r.Id, Closure = new TaskClosure { CompiledTask = new Core.CompiledTask { Template = r.Spec.Template } } });

    internal Workflow GetWorkflow(string key) => Get(workflows, key, r => new Workflow
        { Id = r.Id, Closure = new WorkflowClosure { CompiledWorkflow = new Core.CompiledWorkflowClosure { Primary = new Core.CompiledWorkflow { Template = r.Spec.Template } } } });

    // The closure's expected inputs and outputs, as FlyteAdmin computes them: the parameters, and the workflow's outputs.
    internal LaunchPlan GetLaunchPlan(string key) => Get(launchPlans, key, r => new LaunchPlan
    {
        Id = r.Id, Spec = r.Spec,
        Closure = new LaunchPlanClosure
        {
            State = LaunchPlanState.Inactive, ExpectedInputs = r.Spec.DefaultInputs,
            ExpectedOutputs = workflows.TryGetValue(Key(r.Spec.WorkflowId), out var wf) ? wf.Spec.Template.Interface.Outputs : new Core.VariableMap(),
        },
    });

    private TAnswer Get<T, TAnswer>(Dictionary<string, T> store, string key, Func<T, TAnswer> answer)
    {
        lock (gate)
            return store.TryGetValue(key, out var found) ? answer(found) : throw AdminFault.NotFound($"missing entity {key}");
    }

    internal ExecutionCreateResponse CreateExecution(ExecutionCreateRequest request)
    {
        if (request.Spec?.LaunchPlan is not { } lpId || lpId.ResourceType != Core.ResourceType.LaunchPlan)
            throw AdminFault.Invalid("spec.launch_plan must be a LAUNCH_PLAN id");
        LaunchPlanCreateRequest lp;
        lock (gate)
            if (!launchPlans.TryGetValue(Key(lpId), out lp!))
                throw AdminFault.NotFound($"missing launch plan {Key(lpId)}");
        var inputs = request.Inputs ?? new Core.LiteralMap();
        foreach (var (name, parameter) in lp.Spec.DefaultInputs.Parameters)
            if (parameter.Required && !inputs.Literals.ContainsKey(name))
                throw AdminFault.Invalid($"invalid input {name}: required input is missing");
        foreach (var name in inputs.Literals.Keys)
            if (!lp.Spec.DefaultInputs.Parameters.ContainsKey(name))
                throw AdminFault.Invalid($"invalid input {name}: not an input of the launch plan");
        lock (gate)
        {
            var name = request.Name is { Length: > 0 } n ? n : "f" + (++executionCounter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            if (executions.ContainsKey(name))
                throw new AdminFault(GrpcStatusCode.ALREADY_EXISTS, $"execution {name} already exists");
            var id = new Core.WorkflowExecutionIdentifier { Project = request.Project, Domain = request.Domain, Name = name };
            executions[name] = new FakeExecution(id, request, lp.Spec.WorkflowId.Name);
            return new ExecutionCreateResponse { Id = id };
        }
    }

    private FakeExecution Find(string name)
    {
        lock (gate)
            return executions.TryGetValue(name, out var execution) ? execution : throw AdminFault.NotFound($"missing execution {name}");
    }

    /// <summary>Records the termination; the execution is ABORTED from its next look on (unless it already ended).</summary>
    internal ExecutionTerminateResponse Terminate(string name, string cause)
    {
        var execution = Find(name);
        lock (execution)
        {
            if (RemoteInterpreter.IsTerminal(execution.Phase))
                throw new AdminFault(GrpcStatusCode.FAILED_PRECONDITION, $"execution {name} has already ended ({execution.Phase})");
            execution.AbortCause = cause;
        }
        return new ExecutionTerminateResponse();
    }

    /// <summary>The cause each terminated execution was terminated with, by name.</summary>
    public IReadOnlyDictionary<string, string> Terminated
    {
        get { lock (gate) return executions.Where(e => e.Value.AbortCause is not null).ToDictionary(e => e.Key, e => e.Value.AbortCause!); }
    }

    internal Flyteidl.Admin.Execution GetExecution(string name)
    {
        var execution = Find(name);
        lock (execution)
        {
            // One step per look: the client sees QUEUED, then RUNNING, then the outcome once the run has finished.
            switch (execution.Phase)
            {
                case Core.WorkflowExecution.Types.Phase.Undefined:
                    execution.Phase = Core.WorkflowExecution.Types.Phase.Queued;
                    break;
                case Core.WorkflowExecution.Types.Phase.Queued:
                    execution.Phase = Core.WorkflowExecution.Types.Phase.Running;
                    execution.Run = RunAsync(execution);
                    break;
                case Core.WorkflowExecution.Types.Phase.Running when execution.Run!.IsCompleted:
                    Finish(execution);
                    break;
            }
            if (execution.AbortCause is not null && !RemoteInterpreter.IsTerminal(execution.Phase))
                execution.Phase = Core.WorkflowExecution.Types.Phase.Aborted;
            execution.Seen.Add(execution.Phase);
            var closure = new ExecutionClosure { Phase = execution.Phase, Error = execution.Error };
            if (execution.Phase == Core.WorkflowExecution.Types.Phase.Aborted)
                closure.AbortMetadata = new AbortMetadata { Cause = execution.AbortCause, Principal = "flyte-dotnet" };
            return new Flyteidl.Admin.Execution { Id = execution.Id, Spec = execution.Request.Spec, Closure = closure };
        }
    }

    private Task<WorkflowResult> RunAsync(FakeExecution execution)
    {
        if (!served.TryGetValue(execution.WorkflowName, out var spec))
            return Task.FromException<WorkflowResult>(new InvalidOperationException($"The test did not Serve workflow {execution.WorkflowName}."));
        // As FlyteAdmin does: the launch plan's defaults fill the inputs not given, and its fixed inputs are added.
        var given = execution.Request.Inputs?.Clone() ?? new Core.LiteralMap();
        LaunchPlanCreateRequest? lp;
        lock (gate) launchPlans.TryGetValue(Key(execution.Request.Spec.LaunchPlan), out lp);
        foreach (var (name, parameter) in lp?.Spec.DefaultInputs.Parameters ?? [])
            if (parameter.Default is { } value && !given.Literals.ContainsKey(name)) given.Literals[name] = value;
        foreach (var (name, value) in lp?.Spec.FixedInputs?.Literals ?? [])
            given.Literals[name] = value;
        var inputs = ProtoMapping.ToModel(given);
        return Task.Run(() => Local.RunAsync(spec, inputs));
    }

    private void Finish(FakeExecution execution)
    {
        var id = execution.Id;
        NodeExecution Node(string nodeId, Core.NodeExecution.Types.Phase phase, Core.ExecutionError? error = null) => new()
        {
            Id = new Core.NodeExecutionIdentifier { NodeId = nodeId, ExecutionId = id },
            Metadata = new NodeExecutionMetaData { SpecNodeId = nodeId },
            Closure = new NodeExecutionClosure { Phase = phase, Error = error },
        };
        if (execution.Run!.Exception?.InnerException is WorkflowNodeFailedException failure)
        {
            var error = new Core.ExecutionError
            {
                Code = failure.Kind == FailureKind.RecoverableUserError ? "USER:Recoverable" : failure.Kind == FailureKind.SystemError ? "SYSTEM:Unknown" : "USER:" + failure.InnerException!.GetType().Name,
                Message = failure.InnerException!.Message,
                Kind = failure.Kind == FailureKind.SystemError ? Core.ExecutionError.Types.ErrorKind.System : Core.ExecutionError.Types.ErrorKind.User,
                ErrorUri = $"s3://fake/{id.Name}/{failure.NodeId}/error.pb",
            };
            execution.Nodes.Add(Node("start-node", Core.NodeExecution.Types.Phase.Succeeded));
            execution.Attempts[failure.NodeId] = failure.Attempts;
            execution.Nodes.Add(Node(failure.NodeId, failure.Kind == FailureKind.Timeout ? Core.NodeExecution.Types.Phase.TimedOut : Core.NodeExecution.Types.Phase.Failed, error));
            execution.Error = error;
            execution.Phase = Core.WorkflowExecution.Types.Phase.Failed;
            return;
        }
        if (execution.Run.Exception is { } other)
        {
            execution.Error = new Core.ExecutionError { Code = "SYSTEM:Internal", Message = other.InnerException!.Message, Kind = Core.ExecutionError.Types.ErrorKind.System };
            execution.Phase = Core.WorkflowExecution.Types.Phase.Failed;
            return;
        }
        var result = execution.Run.Result;
        execution.Outputs = ProtoMapping.ToProto(result.Outputs);
        execution.Nodes.Add(Node("start-node", Core.NodeExecution.Types.Phase.Succeeded));
        void Add(List<NodeExecution> into, string? parent, Flyte.Execution.NodeExecution node)
        {
            // Like Admin: a sub-workflow's nodes get ids unique in the execution and are listed under their parent.
            var specId = node.NodeId[(node.NodeId.LastIndexOf('/') + 1)..];
            var uniqueId = parent is null ? specId : $"{parent}-0-{specId}";
            var record = Node(uniqueId, Core.NodeExecution.Types.Phase.Succeeded);
            record.Metadata.SpecNodeId = specId;
            if (node.Status == NodeStatus.Cached)
                record.Closure.TaskNodeMetadata = new TaskNodeMetadata { CacheStatus = Core.CatalogCacheStatus.CacheHit };
            into.Add(record);
            execution.NodeData[uniqueId] = new NodeExecutionGetDataResponse
                { FullInputs = ProtoMapping.ToProto(node.Inputs), FullOutputs = ProtoMapping.ToProto(node.Outputs) };
            if (node.SubNodes.Count == 0)
            {
                execution.Attempts[uniqueId] = node.Attempts;
                return;
            }
            record.Metadata.IsParentNode = true;
            var children = execution.Children[uniqueId] = [];
            foreach (var sub in node.SubNodes)
                Add(children, uniqueId, sub);
        }
        foreach (var node in result.Nodes)
            Add(execution.Nodes, null, node);
        execution.Nodes.Add(Node("end-node", Core.NodeExecution.Types.Phase.Succeeded));
        execution.Phase = Core.WorkflowExecution.Types.Phase.Succeeded;
    }

    internal WorkflowExecutionGetDataResponse ExecutionData(string name)
    {
        var execution = Find(name);
        lock (execution)
        {
            var data = new WorkflowExecutionGetDataResponse { FullInputs = execution.Request.Inputs ?? new Core.LiteralMap() };
            if (!OutputsTooLargeToInline)
                data.FullOutputs = execution.Outputs ?? new Core.LiteralMap();
            else
#pragma warning disable CS0612 // Admin still fills the deprecated blob when it does not inline
                data.Outputs = new UrlBlob { Url = OutputsUrl?.Invoke(name, execution.Outputs ?? new Core.LiteralMap()) ?? $"s3://my-s3-bucket/metadata/{name}/end-node/outputs.pb", Bytes = 3_000_000 };
#pragma warning restore CS0612
            return data;
        }
    }

    internal NodeExecutionGetDataResponse NodeData(string name, string nodeId)
    {
        lock (gate)
            return executions.TryGetValue(name, out var execution) && execution.NodeData.TryGetValue(nodeId, out var data)
                ? data
                : throw AdminFault.NotFound($"missing node execution {name}/{nodeId}");
    }

    internal NodeExecutionList ListNodes(string name, uint limit, string? token, string? parent)
    {
        if (limit == 0)
            throw AdminFault.Invalid("invalid limit: a positive limit is required");
        lock (gate)
        {
            if (!executions.TryGetValue(name, out var execution))
                throw AdminFault.NotFound($"missing execution {name}");
            var nodes = string.IsNullOrEmpty(parent) ? execution.Nodes : execution.Children.GetValueOrDefault(parent) ?? [];
            var offset = string.IsNullOrEmpty(token) ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var page = new NodeExecutionList();
            page.NodeExecutions.Add(nodes.Skip(offset).Take((int)limit));
            page.Token = offset + limit < nodes.Count ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            return page;
        }
    }

    internal TaskExecutionList ListAttempts(string name, string nodeId, uint limit, string? token)
    {
        if (limit == 0)
            throw AdminFault.Invalid("invalid limit: a positive limit is required");
        lock (gate)
        {
            if (!executions.TryGetValue(name, out var execution) || !execution.Knows(nodeId))
                throw AdminFault.NotFound($"missing node execution {name}/{nodeId}");
            var count = execution.Attempts.GetValueOrDefault(nodeId);
            var offset = string.IsNullOrEmpty(token) ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var page = new TaskExecutionList();
            for (var attempt = offset; attempt < Math.Min(count, offset + (int)limit); attempt++)
                page.TaskExecutions.Add(new TaskExecution
                {
                    Id = new Core.TaskExecutionIdentifier
                    {
                        NodeExecutionId = new Core.NodeExecutionIdentifier { NodeId = nodeId, ExecutionId = execution.Id },
                        RetryAttempt = (uint)attempt,
                    },
                    Closure = new TaskExecutionClosure
                    {
                        Phase = attempt == count - 1 && execution.Phase == Core.WorkflowExecution.Types.Phase.Succeeded
                            ? Core.TaskExecution.Types.Phase.Succeeded
                            : Core.TaskExecution.Types.Phase.Failed,
                    },
                });
            page.Token = offset + limit < count ? (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            return page;
        }
    }

    internal static (int, string) Json(object value) => (200, JsonSerializer.Serialize(value));

    private static (int, string) Error(int status, int code, string message) =>
        (status, JsonSerializer.Serialize(new { code, message, details = Array.Empty<object>() }));

    private sealed class FakeExecution(Core.WorkflowExecutionIdentifier id, ExecutionCreateRequest request, string workflowName)
    {
        public Core.WorkflowExecutionIdentifier Id { get; } = id;
        public ExecutionCreateRequest Request { get; } = request;
        public string WorkflowName { get; } = workflowName;
        public Core.WorkflowExecution.Types.Phase Phase { get; set; }
        public List<Core.WorkflowExecution.Types.Phase> Seen { get; } = [];
        public Task<WorkflowResult>? Run { get; set; }
        public Core.ExecutionError? Error { get; set; }
        public string? AbortCause { get; set; }
        public Core.LiteralMap? Outputs { get; set; }
        public List<NodeExecution> Nodes { get; } = [];
        public Dictionary<string, NodeExecutionGetDataResponse> NodeData { get; } = new();
        public Dictionary<string, int> Attempts { get; } = new();
        public Dictionary<string, List<NodeExecution>> Children { get; } = new();
        public bool Knows(string nodeId) => Nodes.Concat(Children.Values.SelectMany(c => c)).Any(n => n.Id.NodeId == nodeId);
    }
}

/// <summary>What the fake's authorization server accepts.</summary>
/// <param name="ClientId">The client id.</param>
/// <param name="ClientSecret">The secret (sent URL-encoded inside the Basic header).</param>
/// <param name="Scope">The scope the token request must carry; null for any.</param>
/// <param name="HeaderName">The header the token travels in (<c>authorization_metadata_key</c>).</param>
public sealed record FakeAuth(string ClientId, string ClientSecret, string? Scope = null, string HeaderName = "authorization");

/// <summary>An Admin error as both faces answer it: a gRPC code and the HTTP status the gateway maps it to.</summary>
public sealed class AdminFault(GrpcStatusCode code, string message) : Exception(message)
{
    /// <summary>The gRPC code.</summary>
    public GrpcStatusCode Code { get; } = code;

    /// <summary>The gateway's HTTP status for <see cref="Code"/>.</summary>
    public int HttpStatus => (int)FlyteAdminException.HttpStatusOf(Code);

    /// <summary>INVALID_ARGUMENT (HTTP 400).</summary>
    public static AdminFault Invalid(string message) => new(GrpcStatusCode.INVALID_ARGUMENT, message);

    /// <summary>NOT_FOUND (HTTP 404).</summary>
    public static AdminFault NotFound(string message) => new(GrpcStatusCode.NOT_FOUND, message);
}
