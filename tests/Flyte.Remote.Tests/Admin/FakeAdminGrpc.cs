using System.Net;
using System.Security.Cryptography.X509Certificates;
using Flyte.Remote;
using Flyteidl.Admin;
using Flyteidl.Service;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>
/// The gRPC face of <see cref="FakeFlyteAdmin"/>: Kestrel on an ephemeral loopback port, HTTP/2 without TLS, serving
/// the generated <c>AdminService</c>, <c>DataProxyService</c> and <c>AuthMetadataService</c> base classes over the fake's shared state.
/// </summary>
internal static partial class FakeAdminGrpc
{
    /// <summary>Starts the server for <paramref name="admin"/>: h2c, or TLS with <paramref name="certificate"/> (HTTP/2 by ALPN).</summary>
    public static WebApplication Start(FakeFlyteAdmin admin, X509Certificate2? certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
                listen.UseHttps(certificate);
        }));
        builder.Services.AddGrpc(options => options.EnableDetailedErrors = true);
        builder.Services.AddSingleton(admin);
        var app = builder.Build();
        app.MapGrpcService<Admin>();
        app.MapGrpcService<AuthMetadata>();
        app.MapGrpcService<DataProxy>();
        app.StartAsync().GetAwaiter().GetResult();
        return app;
    }

    /// <summary>The <c>http(s)://127.0.0.1:port/</c> the server listens on.</summary>
    public static Uri AddressOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>AdminService: each method checks auth, then asks the shared state; an <see cref="AdminFault"/> becomes its gRPC status.</summary>
    private sealed partial class Admin(FakeFlyteAdmin admin) : AdminService.AdminServiceBase
    {
        public override Task<TaskCreateResponse> CreateTask(TaskCreateRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.CreateTask(request));

        public override Task<WorkflowCreateResponse> CreateWorkflow(WorkflowCreateRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.CreateWorkflow(request));

        public override Task<LaunchPlanCreateResponse> CreateLaunchPlan(LaunchPlanCreateRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.CreateLaunchPlan(request));

        public override Task<Flyteidl.Admin.Task> GetTask(ObjectGetRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.GetTask(FakeFlyteAdmin.Key(request.Id)));

        public override Task<Workflow> GetWorkflow(ObjectGetRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.GetWorkflow(FakeFlyteAdmin.Key(request.Id)));

        public override Task<LaunchPlan> GetLaunchPlan(ObjectGetRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.GetLaunchPlan(FakeFlyteAdmin.Key(request.Id)));

        public override Task<ExecutionCreateResponse> CreateExecution(ExecutionCreateRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.CreateExecution(request));

        public override Task<Flyteidl.Admin.Execution> GetExecution(WorkflowExecutionGetRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.GetExecution(request.Id.Name));

        public override Task<ExecutionTerminateResponse> TerminateExecution(ExecutionTerminateRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.Terminate(request.Id.Name, request.Cause));

        public override Task<WorkflowExecutionGetDataResponse> GetExecutionData(WorkflowExecutionGetDataRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.ExecutionData(request.Id.Name));

        public override Task<NodeExecutionList> ListNodeExecutions(NodeExecutionListRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.ListNodes(request.WorkflowExecutionId.Name, request.Limit, request.Token, request.UniqueParentId));

        public override Task<NodeExecutionGetDataResponse> GetNodeExecutionData(NodeExecutionGetDataRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.NodeData(request.Id.ExecutionId.Name, request.Id.NodeId));

        public override Task<TaskExecutionList> ListTaskExecutions(TaskExecutionListRequest request, ServerCallContext context) =>
            Serve(context, request, () => admin.ListAttempts(request.NodeExecutionId.ExecutionId.Name, request.NodeExecutionId.NodeId, request.Limit, request.Token));

        internal Task<T> Serve<T>(ServerCallContext context, IMessage request, Func<T> answer)
        {
            var method = context.Method[(context.Method.LastIndexOf('/') + 1)..];
            admin.Requests.Enqueue("gRPC " + method);
            try
            {
                if (admin.Auth is { } auth && !admin.Authorized(context.RequestHeaders.GetValue(auth.HeaderName.ToLowerInvariant())))
                    throw new AdminFault(GrpcStatusCode.UNAUTHENTICATED, "authentication required: missing or invalid token");
                if (admin.Unavailable())
                    throw new AdminFault(GrpcStatusCode.UNAVAILABLE, "upstream connect error or disconnect/reset before headers");
                return Task.FromResult(answer());
            }
            catch (AdminFault fault)
            {
                var detail = admin.EchoRequests
                    ? $"{fault.Message}; you sent: {context.Method} " +
                      string.Join(" ", context.RequestHeaders.Select(h => $"{h.Key}: {h.Value}")) + " " + request
                    : fault.Message;
                throw new RpcException(new Status((StatusCode)(int)fault.Code, detail));
            }
            catch (Exception e) when (e is not RpcException)
            {
                admin.Problems.Enqueue($"gRPC {method}: {e}");
                throw new RpcException(new Status(StatusCode.Internal, e.Message));
            }
        }
    }

    /// <summary>DataProxyService: signed upload locations, checked like every AdminService call (auth, unavailability).</summary>
    private sealed class DataProxy(FakeFlyteAdmin admin) : DataProxyService.DataProxyServiceBase
    {
        private readonly Admin calls = new(admin);

        public override Task<CreateUploadLocationResponse> CreateUploadLocation(CreateUploadLocationRequest request, ServerCallContext context) =>
            calls.Serve(context, request, () => admin.CreateUploadLocation(request));
    }

    /// <summary>AuthMetadataService: the authorization server's endpoints and the public client (anonymous, as in Admin).</summary>
    private sealed class AuthMetadata(FakeFlyteAdmin admin) : AuthMetadataService.AuthMetadataServiceBase
    {
        public override Task<OAuth2MetadataResponse> GetOAuth2Metadata(OAuth2MetadataRequest request, ServerCallContext context)
        {
            admin.Requests.Enqueue("gRPC GetOAuth2Metadata");
            return Task.FromResult(admin.Metadata());
        }

        public override Task<PublicClientAuthConfigResponse> GetPublicClientConfig(PublicClientAuthConfigRequest request, ServerCallContext context)
        {
            admin.Requests.Enqueue("gRPC GetPublicClientConfig");
            return Task.FromResult(admin.PublicClient());
        }
    }
}
