using System.Text;
using Flyte.Remote;
using Xunit;
using Core = Flyteidl.Core;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>Credential safety over gRPC.</summary>
public sealed class CredentialSafetyGrpcTests() : CredentialSafetyTests(AdminTransport.Grpc);

/// <summary>Credential safety over the REST gateway, where a redirect could also carry the token away.</summary>
public sealed class CredentialSafetyRestTests() : CredentialSafetyTests(AdminTransport.Rest)
{
    [Fact]
    public async Task A_redirect_is_not_followed_with_the_token()
    {
        Admin.RedirectApiTo = Thief.Endpoint;
        using var client = new FlyteAdminClient(Config());

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, error.HttpStatus);
        Assert.Contains("redirect to http://127.0.0.2", error.Message);
        Assert.Empty(Thief.Heard);
    }
}

/// <summary>The client secret and tokens go only where they should, and never into an error message.</summary>
public abstract class CredentialSafetyTests(AdminTransport transport) : IDisposable
{
    private const string Secret = "s3cr&t/+= x-very-private";
    private const string Mask = "***";                  // what replaces a secret in a message
    private const int ExcerptLimit = 300 + 40;          // an excerpt of a server answer: 300 characters and a note
    private readonly FakeFlyteAdmin admin = new(new FakeAuth("my-app", Secret, HeaderName: "flyte-authorization"));
    private readonly Eavesdropper thief = new();

    protected FakeFlyteAdmin Admin => admin;

    protected Eavesdropper Thief => thief;

    public void Dispose()
    {
        admin.Dispose();
        thief.Dispose();
    }

    protected static readonly Core.WorkflowExecutionIdentifier Missing = new() { Project = "p", Domain = "d", Name = "none" };

    protected AdminConfig Config(string secret = Secret) => admin.Config(transport) with
    {
        AuthType = AdminAuthType.ClientSecret, ClientId = "my-app", ClientSecret = secret,
    };

    /// <summary>Every form the secret travels in, and the base64 of the Basic header.</summary>
    private static void AssertNoSecretIn(string text, string secret = Secret)
    {
        Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain(Uri.EscapeDataString(secret), text);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"my-app:{Uri.EscapeDataString(secret)}")), text);
    }

    [Fact]
    public void Credentials_are_refused_over_plain_http_unless_insecure_is_explicit()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlyteAdminClient(Config() with { Insecure = false }));

        Assert.Contains("plain HTTP", error.Message);
        Assert.Contains("admin.insecure", error.Message);
        AssertNoSecretIn(error.Message);
        Assert.Empty(admin.Requests);
    }

    [Fact]
    public void An_http_endpoint_from_the_config_file_does_not_opt_in_to_plaintext()
    {
        var variables = new Dictionary<string, string>
        {
            ["FLYTE_ADMIN_ENDPOINT"] = admin.Endpoint.ToString(), ["FLYTE_CREDENTIALS_AUTH_MODE"] = "ClientSecret",
            ["FLYTE_CREDENTIALS_CLIENT_ID"] = "my-app", ["FLYTE_CREDENTIALS_CLIENT_SECRET"] = Secret,
        };
        var implicitHttp = AdminConfig.FromEnvironment(name => variables.GetValueOrDefault(name), null);
        variables["FLYTE_PLATFORM_INSECURE"] = "true";
        var explicitInsecure = AdminConfig.FromEnvironment(name => variables.GetValueOrDefault(name), null);

        Assert.False(implicitHttp.Insecure);
        Assert.Contains("FLYTE_PLATFORM_INSECURE", Assert.Throws<ArgumentException>(() => new FlyteAdminClient(implicitHttp)).Message);
        Assert.True(explicitInsecure.Insecure);
        using var client = new FlyteAdminClient(explicitInsecure);
        Assert.Equal(explicitInsecure.Endpoint, client.Config.Endpoint);
    }

    [Fact]
    public void A_configured_token_url_over_plain_http_is_refused_too()
    {
        var error = Assert.Throws<ArgumentException>(() => new FlyteAdminClient(Config() with
        {
            Endpoint = new Uri("https://flyte.example.com/"), Insecure = false, TokenUrl = new Uri("http://idp.example.com/token"),
        }));

        Assert.Contains("admin.tokenUrl", error.Message);
    }

    [Fact]
    public async Task A_discovery_document_naming_another_host_gets_no_secret()
    {
        admin.DiscoveredTokenEndpoint = new Uri(thief.Endpoint, "oauth2/token");
        using var client = new FlyteAdminClient(Config());

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.PERMISSION_DENIED, error.Code);
        Assert.Contains("127.0.0.2", error.Message);
        Assert.Contains("admin.tokenUrl", error.Message);
        Assert.Empty(thief.Heard);
        Assert.Equal(0, client.TokensRequested);
    }

    [Fact]
    public async Task A_configured_token_url_is_used_without_discovery()
    {
        admin.DiscoveredTokenEndpoint = new Uri(thief.Endpoint, "oauth2/token");
        using var client = new FlyteAdminClient(Config() with { TokenUrl = new Uri(admin.Endpoint, "oauth2/token") });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.NOT_FOUND, error.Code); // authenticated, then the execution is missing
        Assert.Equal(1, admin.TokensIssued);
        Assert.DoesNotContain(transport == AdminTransport.Grpc ? "gRPC GetOAuth2Metadata" : "GET /.well-known/oauth-authorization-server", admin.Requests);
        Assert.Empty(thief.Heard);
    }

    [Fact]
    public async Task A_token_endpoint_that_echoes_the_request_does_not_leak_the_secret()
    {
        admin.EchoRequests = true;
        using var client = new FlyteAdminClient(Config("a-wrong-but-still-secret-value"));

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains("invalid_client", error.Message);             // the useful part survives
        Assert.Contains(Mask, error.Message);          // the echoed Basic header was masked
        AssertNoSecretIn(error.ToString(), "a-wrong-but-still-secret-value");
        AssertNoSecretIn(error.ServerMessage, "a-wrong-but-still-secret-value");
    }

    [Fact]
    public async Task An_api_error_that_echoes_the_request_does_not_leak_the_token()
    {
        using var client = new FlyteAdminClient(Config());
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing)); // token-1 issued
        admin.EchoRequests = true;

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        // The echoing REST server answers with its own code; the gRPC face keeps the call's (the execution is missing).
        Assert.Equal(transport == AdminTransport.Grpc ? GrpcStatusCode.NOT_FOUND : GrpcStatusCode.UNKNOWN, error.Code);
        Assert.Contains("flyte-authorization: Bearer " + Mask, error.Message);
        Assert.DoesNotContain("token-1", error.ToString());
        Assert.True(error.ServerMessage.Length <= ExcerptLimit, error.ServerMessage);
    }

    [Fact]
    public async Task A_token_under_the_wrong_field_is_named_but_not_shown()
    {
        admin.MisnameTokenField = true;
        using var client = new FlyteAdminClient(Config());

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Contains("access_token", error.Message);
        Assert.Contains("accessToken", error.Message);                           // the field's name...
        Assert.DoesNotContain("token-1", error.ToString());                       // ...never its value
    }
}
