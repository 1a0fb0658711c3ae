using System.Text.Json.Nodes;
using Flyte.Remote;
using Flyte.Tests.Workflows;
using Xunit;

namespace Flyte.Tests.Admin;

/// <summary>
/// <c>flyte register</c> and <c>flyte run --remote</c> as real processes against a fake Admin that requires a token,
/// with each flytectl auth mode given through flytekit's variables: the browser of a PKCE login is <c>$BROWSER</c>, a
/// script handing the address to the test, which follows it as the user's browser would.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token cache's file modes and the $BROWSER script are Unix ones
public sealed class AuthCommandTests(AuthCommandTests.ScriptCacheFolder scripts) : IDisposable, IClassFixture<AuthCommandTests.ScriptCacheFolder>
{
    /// <summary>One script cache for the class, so the script compiles once rather than in every test.</summary>
    public sealed class ScriptCacheFolder : IDisposable
    {
        /// <summary>The folder.</summary>
        public string Path { get; } = Directory.CreateTempSubdirectory("flyte-auth-scripts-").FullName;

        /// <inheritdoc />
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    private const string Secret = "s3cr&t/+= x";
    private static readonly string TestAssembly = typeof(RemoteSamples).Assembly.Location;
    private static readonly string Script = Path.Combine(FlyteCommand.Root, "tests", "Flyte.Cli.Tests", "Fixtures", "dataclass_example.fsx");
    private readonly string folder = Directory.CreateTempSubdirectory("flyte-auth-cli-").FullName;
    private readonly FakeFlyteAdmin admin = new(new FakeAuth("my-app", Secret, HeaderName: "flyte-authorization")
        { RedirectUri = ScriptedBrowser.FreeRedirectUri() });

    public void Dispose()
    {
        admin.Dispose();
        Directory.Delete(folder, recursive: true);
        Assert.Empty(admin.Problems);
    }

    private string TokenCache => Path.Combine(folder, "tokens");

    private string BrowserOutput => Path.Combine(folder, "browser-url");

    private Dictionary<string, string> Environment(AdminAuthType mode)
    {
        var environment = new Dictionary<string, string> { ["FLYTE_CREDENTIALS_AUTH_MODE"] = mode.ToString(), ["FLYTE_TOKEN_CACHE"] = TokenCache };
        switch (mode)
        {
            case AdminAuthType.ClientSecret:
                environment["FLYTE_CREDENTIALS_CLIENT_ID"] = "my-app";
                environment["FLYTE_CREDENTIALS_CLIENT_SECRET"] = Secret;
                break;
            case AdminAuthType.ExternalCommand:
                admin.AcceptToken("ext-token");
                environment["FLYTE_CREDENTIALS_COMMAND"] = "echo,ext-token";
                break;
            case AdminAuthType.Pkce:
                var browser = Path.Combine(folder, "browser.sh");
                File.WriteAllText(browser, $"#!/bin/sh\nprintf '%s' \"$1\" > {BrowserOutput}.tmp && mv {BrowserOutput}.tmp {BrowserOutput}\n");
                File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                environment["BROWSER"] = browser;
                break;
        }
        return environment;
    }

    /// <summary>Runs <c>flyte <paramref name="args"/></c>; for PKCE, plays the browser once the command has opened it.</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> Flyte(AdminAuthType mode, AdminTransport transport, params string[] args)
    {
        File.Delete(BrowserOutput);
        using var command = FlyteCommand.Start(admin, transport, scripts.Path, Environment(mode), args);
        if (mode == AdminAuthType.Pkce)
        {
            var started = DateTime.UtcNow;
            while (!File.Exists(BrowserOutput) && DateTime.UtcNow - started < TimeSpan.FromMinutes(2))
                await Task.Delay(50);
            if (File.Exists(BrowserOutput))
                Assert.Equal(System.Net.HttpStatusCode.OK, (await ScriptedBrowser.VisitAsync(new Uri(File.ReadAllText(BrowserOutput)))).Item1);
        }
        return command.Wait();
    }

    [Theory]
    [InlineData(AdminAuthType.ClientSecret, AdminTransport.Grpc, "client_credentials")]
    [InlineData(AdminAuthType.DeviceFlow, AdminTransport.Grpc, "urn:ietf:params:oauth:grant-type:device_code")]
    [InlineData(AdminAuthType.Pkce, AdminTransport.Grpc, "authorization_code")]
    [InlineData(AdminAuthType.ExternalCommand, AdminTransport.Grpc, null)]
    [InlineData(AdminAuthType.ClientSecret, AdminTransport.Rest, "client_credentials")]
    [InlineData(AdminAuthType.DeviceFlow, AdminTransport.Rest, "urn:ietf:params:oauth:grant-type:device_code")]
    [InlineData(AdminAuthType.Pkce, AdminTransport.Rest, "authorization_code")]
    [InlineData(AdminAuthType.ExternalCommand, AdminTransport.Rest, null)]
    public async Task Register_logs_in_with_each_auth_mode(AdminAuthType mode, AdminTransport transport, string? grant)
    {
        var (exitCode, stdout, stderr) = await Flyte(mode, transport,
            "register", Script, "--project", "flytesnacks", "--domain", "development", "--version", "v1", "--image", "localhost:30000/flows:v1");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("LaunchPlan flytesnacks/development/batch_wf@v1: registered", stdout);
        Assert.Equal(grant is null ? [] : [grant], admin.Grants);
        if (mode == AdminAuthType.DeviceFlow)
            Assert.Contains("enter the code WDJB-MJHT", stderr);
    }

    [Theory]
    [InlineData(AdminAuthType.ClientSecret)]
    [InlineData(AdminAuthType.DeviceFlow)]
    [InlineData(AdminAuthType.Pkce)]
    [InlineData(AdminAuthType.ExternalCommand)]
    public async Task Run_remote_logs_in_with_each_auth_mode_over_grpc(AdminAuthType mode)
    {
        admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Increment));

        var (exitCode, stdout, stderr) = await Flyte(mode, AdminTransport.Grpc, "run", TestAssembly, "increment", "--remote", "--x", "41");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("o0 = 42", stdout);
        Assert.Contains("gRPC CreateExecution", admin.Requests);
    }

    [Fact]
    public async Task A_second_run_reuses_the_cached_login_and_a_later_one_refreshes_it_once_expired()
    {
        admin.Serve(RemoteSamples.AsWorkflow(RemoteSamples.Increment));
        string[] run = ["run", TestAssembly, "increment", "--remote", "--x", "41"];

        var first = await Flyte(AdminAuthType.DeviceFlow, AdminTransport.Grpc, run);
        var second = await Flyte(AdminAuthType.DeviceFlow, AdminTransport.Grpc, run);
        var cacheFile = Assert.Single(Directory.GetFiles(TokenCache));
        var cached = JsonNode.Parse(File.ReadAllText(cacheFile))!;
        cached["expires_at"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        File.WriteAllText(cacheFile, cached.ToJsonString());
        var third = await Flyte(AdminAuthType.DeviceFlow, AdminTransport.Grpc, run);

        foreach (var (exitCode, stdout, stderr) in new[] { first, second, third })
        {
            Assert.True(exitCode == 0, stderr);
            Assert.Contains("o0 = 42", stdout);
        }
        Assert.Contains("WDJB-MJHT", first.Stderr);
        Assert.DoesNotContain("WDJB-MJHT", second.Stderr);
        Assert.DoesNotContain("WDJB-MJHT", third.Stderr);
        Assert.Equal(["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"], admin.Grants);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cacheFile));
    }

    [Fact]
    public async Task A_failing_token_command_fails_the_command_with_its_reason()
    {
        var environment = Environment(AdminAuthType.ExternalCommand);
        environment["FLYTE_CREDENTIALS_COMMAND"] = "sh,-c,echo token expired: run gcloud auth login >&2; exit 3";
        using var command = FlyteCommand.Start(admin, AdminTransport.Grpc, scripts.Path, environment,
            "register", Script, "--project", "flytesnacks", "--domain", "development", "--version", "v1");

        var (exitCode, _, stderr) = command.Wait();

        Assert.Equal(1, exitCode);
        Assert.Contains("admin.command 'sh' failed with exit code 3: token expired: run gcloud auth login", stderr);
        Assert.Empty(admin.Tasks);
    }
}
