using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Flyte.Compile;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Proto;
using Flyte.Remote;
using Flyte.Workflows;
using Amazon.S3;
using Amazon.S3.Model;
using Flyteidl.Admin;
using Flyteidl.Service;
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
/// SUCCEEDED/FAILED, one step per GetExecution. Optionally requires OAuth2 tokens, and plays the identity provider for each flow: client credentials,
/// PKCE (an authorize endpoint approving at once, the browser being the test), the device flow (scripted poll answers)
/// and refresh grants.
/// </summary>
public sealed partial class FakeFlyteAdmin : IDisposable
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
    private readonly HashSet<string> refreshTokens = new();
    private readonly Dictionary<string, (string Challenge, string RedirectUri)> authorizationCodes = new();
    private readonly Dictionary<string, Queue<string>> deviceCodes = new();
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

    /// <summary>
    /// Answers outputs by URL, as Admin does above its inline limit: no <c>full_outputs</c>, the end node's outputs.pb
    /// written under <paramref name="folder"/> and named by its path.
    /// </summary>
    public void OutputsByUrlIn(string folder)
    {
        OutputsTooLargeToInline = true;
        OutputsUrl = (name, outputs) =>
        {
            var path = Path.Combine(folder, name, "end-node", "outputs.pb");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, outputs.ToByteArray());
            return path;
        };
    }

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

    /// <summary>The grant type of every token issued, in order (<c>client_credentials</c>, <c>authorization_code</c>, <c>refresh_token</c>, the device-code grant).</summary>
    public ConcurrentQueue<string> Grants { get; } = new();

    /// <summary>Refuse every refresh token (<c>invalid_grant</c>), as an identity provider does once a refresh token has expired or been revoked.</summary>
    public bool RefuseRefresh { get; set; }

    /// <summary>Accepts <paramref name="token"/> as a valid access token (one an external command prints).</summary>
    public void AcceptToken(string token)
    {
        lock (gate)
            tokens.Add(token);
    }

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

    /// <summary>
    /// The S3 bucket (on moto) the data proxy signs upload locations in; null for none, when CreateUploadLocation is
    /// FAILED_PRECONDITION as on an Admin without a data proxy.
    /// </summary>
    public (IAmazonS3 Client, string Bucket)? DataProxyStore { get; set; }

    /// <summary>Every CreateUploadLocation request answered, in order.</summary>
    public ConcurrentQueue<CreateUploadLocationRequest> UploadLocations { get; } = new();

    /// <summary>
    /// CreateUploadLocation as Admin's data proxy answers it: a presigned PUT (AWSSDK.S3 against the moto bucket) for
    /// <c>&lt;project&gt;/&lt;domain&gt;/&lt;md5 hex&gt;/&lt;filename&gt;</c>, and that object's <c>s3://</c> URL.
    /// </summary>
    internal CreateUploadLocationResponse CreateUploadLocation(CreateUploadLocationRequest request)
    {
        if (request.Project.Length == 0 || request.Domain.Length == 0)
            throw AdminFault.Invalid("project and domain are required");
        if (request.ContentMd5.Length != 16)
            throw AdminFault.Invalid($"content_md5 must be the 16 bytes of an MD5 digest, not {request.ContentMd5.Length}");
        if (DataProxyStore is not { } store)
            throw new AdminFault(GrpcStatusCode.FAILED_PRECONDITION, "no data proxy store is configured");
        UploadLocations.Enqueue(request);
        var key = $"{request.Project}/{request.Domain}/{Convert.ToHexStringLower(request.ContentMd5.ToByteArray())}/" +
                  (request.Filename.Length > 0 ? request.Filename : "upload");
        var expires = DateTime.UtcNow.AddHours(1);
        var signed = store.Client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = store.Bucket, Key = key, Verb = HttpVerb.PUT, Expires = expires, Protocol = Protocol.HTTP,
        });
        return new CreateUploadLocationResponse
        {
            SignedUrl = signed, NativeUrl = $"s3://{store.Bucket}/{key}",
            ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(expires),
        };
    }

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
        string? location = null;
        try
        {
            if (request.HttpMethod == "GET" && path == "/oauth2/authorize")
                (answer, location) = Authorize(request);
            else
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
        if (location is not null)
            context.Response.RedirectLocation = location;
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
            return (200, Answers.Format(Metadata()));
        if (method == "GET" && path == "/config/v1/flyte_client")
            return (200, Answers.Format(PublicClient()));
        if (method == "POST" && path == "/oauth2/token")
            return Token(request, body);
        if (method == "POST" && path == "/oauth2/device/authorize")
            return DeviceAuthorization(body);
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
                ("POST", "dataproxy", 2) when parts[1] == "artifact_urn" => CreateUploadLocation(AdminJson.StrictParser.Parse<CreateUploadLocationRequest>(body)),
                ("GET", "node_executions", 4) => ListNodes(parts[3], Limit(), request.QueryString["token"], request.QueryString["unique_parent_id"]),
                _ => RouteRemote(method, parts, request, body),
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

    /// <summary>The OAuth2 metadata both faces answer (RFC 8414 fields, as Admin relays its authorization server's).</summary>
    internal Flyteidl.Service.OAuth2MetadataResponse Metadata() => new()
    {
        Issuer = Endpoint.ToString(),
        AuthorizationEndpoint = new Uri(Endpoint, "oauth2/authorize").ToString(),
        TokenEndpoint = (DiscoveredTokenEndpoint ?? new Uri(Endpoint, "oauth2/token")).ToString(),
        DeviceAuthorizationEndpoint = new Uri(Endpoint, "oauth2/device/authorize").ToString(),
        GrantTypesSupported = { "client_credentials", "authorization_code", "refresh_token", DeviceCodeGrant },
        CodeChallengeMethodsSupported = { "S256" },
        ResponseTypesSupported = { "code" },
    };

    /// <summary>The public client config both faces answer.</summary>
    internal Flyteidl.Service.PublicClientAuthConfigResponse PublicClient() => new()
    {
        ClientId = Auth?.PublicClientId ?? "flytectl",
        RedirectUri = Auth?.RedirectUri?.ToString() ?? "",
        Scopes = { "all" },
        Audience = Auth?.Audience ?? "",
        AuthorizationMetadataKey = Auth?.HeaderName ?? "authorization",
    };

    private const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    private static Dictionary<string, string> Form(string text) => text.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length < 2 ? "" : Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    private static (int, string) OAuthError(string error, string? description = null, int status = 400) =>
        (status, description is null ? JsonSerializer.Serialize(new { error }) : JsonSerializer.Serialize(new { error, error_description = description }));

    /// <summary>
    /// The authorization endpoint, with the user's approval scripted: checks the PKCE request and redirects to its
    /// <c>redirect_uri</c> with a code and the state (or <c>error=access_denied</c> when <see cref="FakeAuth.DenyAuthorization"/>).
    /// </summary>
    private ((int, string), string?) Authorize(HttpListenerRequest request)
    {
        var query = request.QueryString;
        if (Auth?.RedirectUri is not { } redirect)
            return (Error(404, 5, "PKCE is off (no FakeAuth.RedirectUri)"), null);
        string? Bad()
        {
            if (query["response_type"] != "code") return "response_type must be code";
            if (query["client_id"] != Auth.PublicClientId) return $"unknown client_id {query["client_id"]}";
            if (query["redirect_uri"] != redirect.ToString()) return $"redirect_uri {query["redirect_uri"]} is not the registered {redirect}";
            if (query["code_challenge_method"] != "S256") return "code_challenge_method must be S256";
            if (query["code_challenge"] is not { Length: 43 }) return "code_challenge must be a base64url SHA-256 (43 characters)";
            if (query["state"] is not { Length: > 0 }) return "state is required";
            return null;
        }
        if (Bad() is { } problem)
        {
            Problems.Enqueue("GET /oauth2/authorize: " + problem);
            return (OAuthError("invalid_request", problem), null);
        }
        var state = Uri.EscapeDataString(query["state"]!);
        if (Auth.DenyAuthorization)
            return ((302, ""), $"{redirect}?error=access_denied&error_description={Uri.EscapeDataString("The user said no")}&state={state}");
        string code;
        lock (gate)
        {
            code = "code-" + (authorizationCodes.Count + 1);
            authorizationCodes[code] = (query["code_challenge"]!, redirect.ToString());
        }
        return ((302, ""), $"{redirect}?code={code}&state={state}");
    }

    /// <summary>RFC 8628's device authorization endpoint: a device code whose polls are answered as <see cref="FakeAuth.DeviceAnswers"/> scripts.</summary>
    private (int, string) DeviceAuthorization(string body)
    {
        if (Auth is null)
            return Error(404, 5, "auth is off");
        var form = Form(body);
        if (form.GetValueOrDefault("client_id") != Auth.PublicClientId)
            return OAuthError("invalid_client", $"unknown client_id {form.GetValueOrDefault("client_id")}", 401);
        string deviceCode;
        lock (gate)
        {
            deviceCode = "device-" + (deviceCodes.Count + 1);
            deviceCodes[deviceCode] = new Queue<string>(Auth.DeviceAnswers);
        }
        var verification = new Uri(Endpoint, "device").ToString();
        return Auth.DeviceInterval is { } interval
            ? Json(new { device_code = deviceCode, user_code = "WDJB-MJHT", verification_uri = verification,
                verification_uri_complete = verification + "?user_code=WDJB-MJHT", expires_in = 600, interval })
            : Json(new { device_code = deviceCode, user_code = "WDJB-MJHT", verification_uri = verification, expires_in = 600 });
    }

    private (int, string) Token(HttpListenerRequest request, string body)
    {
        if (Auth is null)
            return Error(404, 5, "auth is off");
        var form = Form(body);
        var grant = form.GetValueOrDefault("grant_type");
        switch (grant)
        {
            case "client_credentials":
                var basic = request.Headers["Authorization"];
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Auth.ClientId}:{Uri.EscapeDataString(Auth.ClientSecret)}"));
                if (basic != expected)
                    return OAuthError("invalid_client", status: 401);
                if (Auth.Scope is not null && (!form.TryGetValue("scope", out var scope) || scope != Auth.Scope))
                    return OAuthError("invalid_scope");
                return Issue(grant, refresh: false);
            case "authorization_code":
            {
                if (form.GetValueOrDefault("client_id") != Auth.PublicClientId)
                    return OAuthError("invalid_client", status: 401);
                (string Challenge, string RedirectUri) issued;
                lock (gate)
                    if (!authorizationCodes.Remove(form.GetValueOrDefault("code") ?? "", out issued))
                        return OAuthError("invalid_grant", "unknown or used authorization code");
                var verifier = form.GetValueOrDefault("code_verifier") ?? "";
                var challenge = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
                    .TrimEnd('=').Replace('+', '-').Replace('/', '_');
                if (challenge != issued.Challenge || form.GetValueOrDefault("redirect_uri") != issued.RedirectUri)
                {
                    Problems.Enqueue("POST /oauth2/token: the code_verifier or redirect_uri does not match the authorization request");
                    return OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
                }
                return Issue(grant, refresh: true);
            }
            case "refresh_token":
                lock (gate)
                    if (RefuseRefresh || !refreshTokens.Remove(form.GetValueOrDefault("refresh_token") ?? "") ||
                        form.GetValueOrDefault("client_id") != Auth.PublicClientId)
                        return OAuthError("invalid_grant", "the refresh token is expired or revoked");
                return Issue(grant, refresh: true);
            case DeviceCodeGrant:
            {
                if (form.GetValueOrDefault("client_id") != Auth.PublicClientId)
                    return OAuthError("invalid_client", status: 401);
                var deviceCode = form.GetValueOrDefault("device_code") ?? "";
                lock (gate)
                {
                    if (!deviceCodes.TryGetValue(deviceCode, out var answers))
                        return OAuthError("invalid_grant", "unknown device code");
                    if (answers.TryDequeue(out var answer))
                    {
                        if (answer is not ("authorization_pending" or "slow_down"))
                            deviceCodes.Remove(deviceCode);
                        return OAuthError(answer);
                    }
                    deviceCodes.Remove(deviceCode);
                }
                return Issue(grant, refresh: true);
            }
            default:
                return OAuthError("unsupported_grant_type");
        }
    }

    private (int, string) Issue(string grant, bool refresh)
    {
        string token;
        string? refreshToken = null;
        lock (gate)
        {
            TokensIssued++;
            token = "token-" + TokensIssued;
            tokens.Add(token);
            if (refresh)
            {
                refreshToken = "refresh-" + TokensIssued;
                refreshTokens.Add(refreshToken);
            }
        }
        Grants.Enqueue(grant);
        var lifetime = Auth!.TokenLifetimeSeconds;
        if (MisnameTokenField)
            return Json(new { accessToken = token, token_type = "bearer", expires_in = lifetime });
        return refreshToken is null
            ? Json(new { access_token = token, token_type = "bearer", expires_in = lifetime })
            : Json(new { access_token = token, token_type = "bearer", expires_in = lifetime, refresh_token = refreshToken });
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
        { Id = r.Id, Spec = r.Spec, Closure = LaunchPlanClosureOf(r) });

    private TAnswer Get<T, TAnswer>(Dictionary<string, T> store, string key, Func<T, TAnswer> answer)
    {
        lock (gate)
            return store.TryGetValue(key, out var found) ? answer(found) : throw AdminFault.NotFound($"missing entity {key}");
    }

    internal ExecutionCreateResponse CreateExecution(ExecutionCreateRequest request)
    {
        if (request.Spec?.LaunchPlan is { ResourceType: Core.ResourceType.Task })
            return CreateTaskExecution(request);
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
        return StartExecution(request, lp.Spec.WorkflowId.Name);
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
            if (node.DynamicWorkflow is { } dynamic)
            {
                // As propeller reports a dynamic node: is_dynamic, and the workflow it built, compiled, in the node's data.
                record.Metadata.IsDynamic = true;
                var compiled = FlyteCompiler.CompileWorkflow(dynamic);
                var closure = new Core.CompiledWorkflowClosure { Primary = new Core.CompiledWorkflow { Template = compiled.Template } };
                closure.Tasks.Add(compiled.Tasks.Select(t => new Core.CompiledTask { Template = t.Template }));
                closure.SubWorkflows.Add(compiled.SubWorkflows.Select(w => new Core.CompiledWorkflow { Template = w }));
                execution.NodeData[uniqueId].DynamicWorkflow = new DynamicWorkflowNodeMetadata { Id = compiled.Template.Id, CompiledWorkflow = closure };
            }
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
/// <param name="ClientId">The confidential client's id (client credentials).</param>
/// <param name="ClientSecret">The secret (sent URL-encoded inside the Basic header).</param>
/// <param name="Scope">The scope a client-credentials request must carry; null for any.</param>
/// <param name="HeaderName">The header the token travels in (<c>authorization_metadata_key</c>).</param>
public sealed record FakeAuth(string ClientId, string ClientSecret, string? Scope = null, string HeaderName = "authorization")
{
    /// <summary>The public client of user logins (PKCE, device flow), as Admin's <c>GetPublicClientConfig</c> names it.</summary>
    public string PublicClientId { get; init; } = "flytectl";

    /// <summary>The loopback redirect URI Admin names for PKCE; null: PKCE is off (the authorize endpoint answers 404).</summary>
    public Uri? RedirectUri { get; init; }

    /// <summary>The audience Admin's public client config names; null for none.</summary>
    public string? Audience { get; init; }

    /// <summary>The <c>expires_in</c> of every token issued.</summary>
    public long TokenLifetimeSeconds { get; init; } = 3600;

    /// <summary>The user denies every browser login (<c>error=access_denied</c> on the redirect).</summary>
    public bool DenyAuthorization { get; init; }

    /// <summary>
    /// The OAuth2 errors answered to a device code's polls, in order (<c>authorization_pending</c>, <c>slow_down</c>,
    /// or a final one such as <c>expired_token</c> or <c>access_denied</c>); once they are used up the user has approved.
    /// </summary>
    public IReadOnlyList<string> DeviceAnswers { get; init; } = [];

    /// <summary>The <c>interval</c> the device authorization answers (seconds, with <c>verification_uri_complete</c>); null: neither is sent.</summary>
    public int? DeviceInterval { get; init; }
}

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
