using System.Collections.Concurrent;
using System.Net;
using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using Core = Flyteidl.Core;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>User logins and the external command over gRPC (discovery through AuthMetadataService).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UserAuthGrpcTests() : UserAuthTests(AdminTransport.Grpc);

/// <summary>User logins and the external command over the REST gateway (discovery through the well-known documents).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UserAuthRestTests() : UserAuthTests(AdminTransport.Rest);

/// <summary>flytectl's DeviceFlow, Pkce and ExternalCommand against the fake's identity provider, and the token cache between clients.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token cache's file modes are Unix ones
public abstract class UserAuthTests(AdminTransport transport) : IDisposable
{
    private static readonly Core.WorkflowExecutionIdentifier Missing = new() { Project = "p", Domain = "d", Name = "none" };
    private readonly string cacheFolder = Path.Combine(Directory.CreateTempSubdirectory("flyte-tokens-").FullName, "tokens");
    private readonly ConcurrentQueue<string> told = new();
    private FakeFlyteAdmin? admin;

    public void Dispose()
    {
        admin?.Dispose();
        Directory.Delete(Path.GetDirectoryName(cacheFolder)!, recursive: true);
        Assert.Empty(admin?.Problems ?? []);
    }

    private FakeFlyteAdmin Admin(FakeAuth? auth = null) =>
        admin ??= new FakeFlyteAdmin(auth ?? new FakeAuth("my-app", "unused", HeaderName: "flyte-authorization"));

    private AdminConfig Config(AdminAuthType type) => Admin().Config(transport) with
    {
        AuthType = type, TokenCacheFolder = cacheFolder, DeviceFlowPollInterval = TimeSpan.FromSeconds(1),
    };

    private FlyteAdminClient Client(AdminAuthType type, TimeProvider? clock = null, ScriptedBrowser? browser = null, AdminConfig? config = null) =>
        new(config ?? Config(type), time: clock, interaction: new AuthInteraction
        {
            Tell = told.Enqueue,
            OpenBrowser = browser is null ? (_, _) => Task.CompletedTask : browser.Open,
        });

    private string CacheFile => Assert.Single(Directory.GetFiles(cacheFolder));

    private async Task<long> RunAddOne(FlyteAdminClient client)
    {
        var addOne = FlyteTask.Define("add_one", (long x) => x + 1);
        var wf = FlyteWorkflow.Define("login_wf").Input<long>("x").Then((b, x) => b.Call(addOne, x)).Build();
        Admin().Serve(wf);
        return await new RemoteInterpreter(client, new RemoteOptions { PollInterval = TimeSpan.Zero }).RunAsync<long>(wf, new { x = 5L });
    }

    private int DeviceAuthorizations => Admin().Requests.Count(r => r == "POST /oauth2/device/authorize");

    [Fact]
    public async Task Device_flow_tells_the_code_polls_as_told_and_caches_the_token_set_owner_only()
    {
        Admin(new FakeAuth("my-app", "unused")
            { DeviceAnswers = ["authorization_pending", "slow_down", "authorization_pending"], DeviceInterval = 2 });
        var clock = new FastClock();
        using var client = Client(AdminAuthType.DeviceFlow, clock);

        Assert.Equal(6L, await RunAddOne(client));

        Assert.Contains(told, line => line.Contains("/device?user_code=WDJB-MJHT", StringComparison.Ordinal) && line.Contains("WDJB-MJHT"));
        // The answer's interval, then 5 s more after slow_down (RFC 8628 §3.5), kept for the next pending answer.
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], clock.Waits);
        Assert.Equal([DeviceFlowGrant], Admin().Grants);
        Assert.Equal(1, DeviceAuthorizations);
        var text = File.ReadAllText(CacheFile);
        Assert.Contains("\"access_token\":\"token-1\"", text);
        Assert.Contains("\"refresh_token\":\"refresh-1\"", text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CacheFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cacheFolder));
    }

    private const string DeviceFlowGrant = "urn:ietf:params:oauth:grant-type:device_code";

    [Fact]
    public async Task Without_an_interval_the_device_flow_polls_at_the_configured_one()
    {
        Admin(new FakeAuth("my-app", "unused") { DeviceAnswers = ["authorization_pending", "authorization_pending"] });
        var clock = new FastClock();
        using var client = Client(AdminAuthType.DeviceFlow, clock, config: Config(AdminAuthType.DeviceFlow) with { DeviceFlowPollInterval = TimeSpan.FromSeconds(3) });

        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing)); // NOT_FOUND, authenticated

        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], clock.Waits);
        Assert.Contains(told, line => line.Contains("/device and enter the code WDJB-MJHT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_client_reuses_the_cached_login_and_refreshes_it_once_expired()
    {
        var clock = new FastClock();
        using (var first = Client(AdminAuthType.DeviceFlow, clock))
            Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => first.GetExecutionAsync(Missing))).Code);

        using (var second = Client(AdminAuthType.DeviceFlow, clock))
        {
            Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => second.GetExecutionAsync(Missing))).Code);
            Assert.Equal(0, second.TokensRequested);
        }
        Assert.Equal(1, DeviceAuthorizations);

        clock.Advance(TimeSpan.FromHours(2));   // the fake's tokens last an hour
        using (var third = Client(AdminAuthType.DeviceFlow, clock))
            Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => third.GetExecutionAsync(Missing))).Code);

        Assert.Equal([DeviceFlowGrant, "refresh_token"], Admin().Grants);
        Assert.Equal(1, DeviceAuthorizations);
        Assert.Contains("\"access_token\":\"token-2\"", File.ReadAllText(CacheFile));
    }

    [Fact]
    public async Task A_refresh_the_identity_provider_refuses_leads_to_a_new_login()
    {
        var clock = new FastClock();
        using (var first = Client(AdminAuthType.DeviceFlow, clock))
            await Assert.ThrowsAsync<FlyteAdminException>(() => first.GetExecutionAsync(Missing));
        Admin().RefuseRefresh = true;
        clock.Advance(TimeSpan.FromHours(2));

        using var second = Client(AdminAuthType.DeviceFlow, clock);
        Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => second.GetExecutionAsync(Missing))).Code);

        Assert.Equal([DeviceFlowGrant, DeviceFlowGrant], Admin().Grants);
        Assert.Contains(told, line => line.Contains("could not be refreshed", StringComparison.Ordinal) && line.Contains("invalid_grant"));
    }

    [Fact]
    public async Task A_token_admin_refuses_is_refreshed_and_the_call_retried()
    {
        using var client = Client(AdminAuthType.DeviceFlow, new FastClock());
        await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));
        Admin().RejectNextToken();

        Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing))).Code);

        Assert.Equal([DeviceFlowGrant, "refresh_token"], Admin().Grants);
    }

    [Theory]
    [InlineData("expired_token", "expired before the login was approved")]
    [InlineData("access_denied", "was denied")]
    public async Task A_device_login_that_ends_without_approval_says_why_and_caches_nothing(string answer, string expected)
    {
        Admin(new FakeAuth("my-app", "unused") { DeviceAnswers = ["authorization_pending", answer] });
        using var client = Client(AdminAuthType.DeviceFlow, new FastClock());

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains(expected, error.Message);
        Assert.Contains("WDJB-MJHT", error.Message);
        Assert.False(Directory.Exists(cacheFolder) && Directory.GetFiles(cacheFolder).Length > 0);
    }

    [Fact]
    public async Task A_device_login_not_approved_in_time_stops_at_the_timeout()
    {
        Admin(new FakeAuth("my-app", "unused") { DeviceAnswers = Enumerable.Repeat("authorization_pending", 20).ToArray(), DeviceInterval = 5 });
        var clock = new FastClock();
        using var client = Client(AdminAuthType.DeviceFlow, clock, config: Config(AdminAuthType.DeviceFlow) with { DeviceFlowTimeout = TimeSpan.FromSeconds(12) });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.DEADLINE_EXCEEDED, error.Code);
        Assert.Contains("not approved within 12 s", error.Message);
        Assert.Contains("admin.deviceFlowConfig.timeout", error.Message);
        Assert.Equal(2, clock.Waits.Count);
    }

    private FakeFlyteAdmin PkceAdmin(bool deny = false) =>
        Admin(new FakeAuth("my-app", "unused", HeaderName: "flyte-authorization") { RedirectUri = ScriptedBrowser.FreeRedirectUri(), DenyAuthorization = deny });

    [Fact]
    public async Task Pkce_logs_in_through_the_browser_with_an_S256_challenge_and_a_second_client_reuses_it()
    {
        PkceAdmin();
        var browser = new ScriptedBrowser();
        using (var client = Client(AdminAuthType.Pkce, browser: browser))
            Assert.Equal(6L, await RunAddOne(client));
        using (var again = Client(AdminAuthType.Pkce, browser: browser))
            await Assert.ThrowsAsync<FlyteAdminException>(() => again.GetExecutionAsync(Missing));

        var opened = Assert.Single(browser.Opened);
        Assert.StartsWith(new Uri(Admin().Endpoint, "oauth2/authorize?").ToString(), opened.ToString());
        Assert.Contains("code_challenge_method=S256", opened.Query);
        Assert.Contains("client_id=flytectl", opened.Query);
        Assert.Contains("scope=all", opened.Query);
        var (status, page) = Assert.Single(await browser.PagesAsync());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Logged in to Flyte", page);
        Assert.Equal(["authorization_code"], Admin().Grants);
        Assert.Contains(told, line => line.Contains(opened.ToString(), StringComparison.Ordinal));
        Assert.Contains("\"refresh_token\":\"refresh-1\"", File.ReadAllText(CacheFile));
    }

    [Fact]
    public async Task A_denied_browser_login_is_reported_with_the_identity_providers_reason()
    {
        PkceAdmin(deny: true);
        var browser = new ScriptedBrowser();
        using var client = Client(AdminAuthType.Pkce, browser: browser);

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains("denied the login: access_denied: The user said no", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, Assert.Single(await browser.PagesAsync()).Status);
        Assert.Empty(Admin().Grants);
    }

    [Fact]
    public async Task A_redirect_whose_state_is_not_the_logins_is_refused_and_its_code_not_used()
    {
        PkceAdmin();
        var browser = new ScriptedBrowser { Tamper = location => System.Text.RegularExpressions.Regex.Replace(location, "state=[^&]+", "state=forged") };
        using var client = Client(AdminAuthType.Pkce, browser: browser);

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Contains("state does not match", error.Message);
        Assert.Contains("CSRF", error.Message);
        Assert.Contains("does not match", Assert.Single(await browser.PagesAsync()).Page);
        Assert.Empty(Admin().Grants);
    }

    [Fact]
    public async Task A_browser_login_that_never_comes_back_stops_at_the_pkce_timeout()
    {
        PkceAdmin();
        using var client = Client(AdminAuthType.Pkce, new FastClock(), config: Config(AdminAuthType.Pkce) with { PkceTimeout = TimeSpan.FromSeconds(45) });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.DEADLINE_EXCEEDED, error.Code);
        Assert.Contains("within 45 s (admin.pkceConfig.timeout)", error.Message);
    }

    [Fact]
    public async Task A_token_cache_others_can_read_is_refused_with_how_to_fix_it()
    {
        var clock = new FastClock();
        using (var first = Client(AdminAuthType.DeviceFlow, clock))
            await Assert.ThrowsAsync<FlyteAdminException>(() => first.GetExecutionAsync(Missing));
        File.SetUnixFileMode(CacheFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        using var second = Client(AdminAuthType.DeviceFlow, clock);
        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => second.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.FAILED_PRECONDITION, error.Code);
        Assert.Contains(CacheFile, error.Message);
        Assert.Contains("mode 0644", error.Message);
        Assert.Contains($"chmod 600 {CacheFile}", error.Message);
        // Asking again is refused again: the file is not silently replaced by a new login.
        Assert.Equal(GrpcStatusCode.FAILED_PRECONDITION, (await Assert.ThrowsAsync<FlyteAdminException>(() => second.GetExecutionAsync(Missing))).Code);
        Assert.Equal(1, DeviceAuthorizations);
    }

    [Fact]
    public async Task An_external_commands_output_is_the_token_and_is_kept_in_memory_only()
    {
        Admin().AcceptToken("ext-token-1");
        using var client = Client(AdminAuthType.ExternalCommand, config: Config(AdminAuthType.ExternalCommand) with { Command = ["echo", "ext-token-1"] });

        Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing))).Code);
        Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing))).Code);

        Assert.Equal(1, client.TokensRequested);
        Assert.False(Directory.Exists(cacheFolder));
    }

    [Fact]
    public async Task A_refused_command_token_runs_the_command_again()
    {
        var counter = Path.Combine(Path.GetDirectoryName(cacheFolder)!, "count");
        Admin().AcceptToken("ext-2");
        using var client = Client(AdminAuthType.ExternalCommand, config: Config(AdminAuthType.ExternalCommand) with
        {
            Command = ["sh", "-c", $"n=$(cat {counter} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {counter}; echo ext-$n"],
        });

        Assert.Equal(GrpcStatusCode.NOT_FOUND, (await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing))).Code);

        Assert.Equal(2, client.TokensRequested);
    }

    [Theory]
    [InlineData(new[] { "sh", "-c", "echo no credentials for you >&2; exit 3" }, "'sh' failed with exit code 3: no credentials for you")]
    [InlineData(new[] { "no-such-token-program" }, "'no-such-token-program' cannot be started")]
    [InlineData(new[] { "true" }, "'true' printed no token")]
    public async Task A_failing_external_command_is_reported(string[] command, string expected)
    {
        using var client = Client(AdminAuthType.ExternalCommand, config: Config(AdminAuthType.ExternalCommand) with { Command = command });

        var error = await Assert.ThrowsAsync<FlyteAdminException>(() => client.GetExecutionAsync(Missing));

        Assert.Equal(GrpcStatusCode.UNAUTHENTICATED, error.Code);
        Assert.Contains(expected, error.Message);
        Assert.Contains("admin.command", error.Message);
    }

    [Fact]
    public void External_command_auth_needs_a_command() =>
        Assert.Contains("admin.command", Assert.Throws<ArgumentException>(() => Client(AdminAuthType.ExternalCommand)).Message);
}
