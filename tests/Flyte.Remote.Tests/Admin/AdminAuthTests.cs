using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using Core = Flyteidl.Core;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>Client-credentials auth over gRPC (discovery through AuthMetadataService, the token as call metadata).</summary>
public sealed class AdminAuthGrpcTests() : AdminAuthTests(AdminTransport.Grpc);

/// <summary>Client-credentials auth over the REST gateway.</summary>
public sealed class AdminAuthRestTests() : AdminAuthTests(AdminTransport.Rest);

/// <summary>Client credentials as FlyteAdmin wants them, the same over each transport.</summary>
public abstract class AdminAuthTests(AdminTransport transport) : IDisposable
{
    private const string Secret = "s3cr&t/+= x";
    private readonly FakeFlyteAdmin admin = new(new FakeAuth("my-app", Secret, Scope: "all offline", HeaderName: "flyte-authorization"));

    public void Dispose()
    {
        admin.Dispose();
        Assert.Empty(admin.Problems);
    }

    private AdminConfig Config(string secret = Secret) => admin.Config(transport) with
    {
        AuthType = AdminAuthType.ClientSecret,
        ClientId = "my-app", ClientSecret = secret, Scopes = ["all", "offline"],
    };

    private static readonly Core.WorkflowExecutionIdentifier Missing = new() { Project = "p", Domain = "d", Name = "none" };

    [Fact]
    public async Task Discovers_the_token_endpoint_and_header_then_reuses_the_token()
    {
        var addOne = FlyteTask.Define("add_one", (long x) => x + 1);
        var wf = FlyteWorkflow.Define("auth_wf").Input<long>("x").Then((b, x) => b.Call(addOne, x)).Build();
        admin.Serve(wf);
        using var client = new FlyteAdminClient(Config());
        var interpreter = new RemoteInterpreter(client, new RemoteOptions { PollInterval = TimeSpan.Zero });

        Assert.Equal(6L, await interpreter.RunAsync<long>(wf, new { x = 5L }));

        // One token served every call of the run; discovery happened once.
        Assert.Equal(1, admin.TokensIssued);
        Assert.Equal(1, client.TokensRequested);
        Assert.Equal(1, admin.Requests.Count(r => r == (transport == AdminTransport.Grpc ? "gRPC GetOAuth2Metadata" : "GET /.well-known/oauth-authorization-server")));
        Assert.Equal(1, admin.Requests.Count(r => r == (transport == AdminTransport.Grpc ? "gRPC GetPublicClientConfig" : "GET /config/v1/flyte_client")));
    }

    [Fact]
    public async Task A_refused_token_is_refreshed_once_and_the_call_retried()
    {
        using var client = new FlyteAdminClient(Config());
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing)); // NOT_FOUND, authenticated
        admin.RejectNextToken();

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        // The 401 was not what the caller saw: a new token was fetched and the retry reached the handler.
        Assert.Equal(GrpcStatusCode.NOT_FOUND, error.Code);
        Assert.Equal(2, admin.TokensIssued);
        Assert.Equal(3, admin.Requests.Count(r => r == (transport == AdminTransport.Grpc ? "gRPC GetExecution" : "GET /api/v1/executions/p/d/none")));
    }

    [Fact]
    public async Task A_second_refusal_is_reported_as_unauthenticated()
    {
        using var wrongHeader = new FlyteAdminClient(Config() with { AuthorizationHeader = "authorization" });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => wrongHeader.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, error.HttpStatus);
        Assert.Equal(2, wrongHeader.TokensRequested);
    }

    [Fact]
    public async Task A_wrong_secret_fails_at_the_token_endpoint()
    {
        using var client = new FlyteAdminClient(Config("not the secret"));

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains("my-app", error.Message);
        Assert.Contains("invalid_client", error.Message);
        Assert.Equal(0, admin.TokensIssued);
    }

    [Fact]
    public async Task Without_credentials_the_api_is_refused()
    {
        using var client = new FlyteAdminClient(admin.Config(transport));

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains("authentication required", error.ServerMessage);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_token_is_kept_until_shortly_before_it_expires()
    {
        var clock = new ManualClock();
        using var client = new FlyteAdminClient(Config(), time: clock);
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        clock.Now += TimeSpan.FromSeconds(3600 - 60);     // the fake's tokens last 3600 s
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));
        Assert.Equal(1, admin.TokensIssued);

        clock.Now += TimeSpan.FromSeconds(45);            // inside the 30 s safety margin
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));
        Assert.Equal(2, admin.TokensIssued);
    }

    [Fact]
    public void Client_credentials_need_an_id_and_a_secret()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlyteAdminClient(Config() with { ClientSecret = null }));
        Assert.Contains("client secret", error.Message);
    }
}
