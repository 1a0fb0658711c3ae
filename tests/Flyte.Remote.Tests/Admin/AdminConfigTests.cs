using Flyte.Tests.Config;
using Flyte.Remote;
using Xunit;

namespace Flyte.Tests.Admin;

public sealed class AdminConfigTests : IDisposable
{
    private readonly ConfigFolder files = new();

    private string folder => files.Path;

    public void Dispose() => files.Dispose();

    private string Write(string yaml) => files.Write(yaml);

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) => ConfigFolder.Env(variables);

    [Fact]
    public void Reads_the_admin_section_of_flytectls_config()
    {
        var secretFile = Path.Combine(folder, "secret");
        File.WriteAllText(secretFile, "from-file\n");
        var path = Write($"""
            admin:
              # the sandbox
              endpoint: dns:///localhost:30080
              insecure: true
              authType: ClientSecret
              clientId: my-app
              clientSecretLocation: {secretFile}
              scopes:
                - all
                - offline
            storage:
              type: minio
              container: my-s3-bucket
            """);

        var config = AdminConfig.FromEnvironment(Env(), path);

        Assert.Equal(new Uri("http://localhost:30080/"), config.Endpoint);
        Assert.True(config.Insecure);
        Assert.Equal(AdminAuthType.ClientSecret, config.AuthType);
        Assert.Equal("my-app", config.ClientId);
        Assert.Equal("from-file", config.ClientSecret);
        Assert.Equal(["all", "offline"], config.Scopes);
        Assert.DoesNotContain("from-file", config.ToString());
    }

    [Fact]
    public void Environment_variables_win_over_the_file()
    {
        var path = Write("""
            admin:
              endpoint: dns:///localhost:30080
              insecure: true
              clientId: file-app
              clientSecretEnvVar: MY_SECRET
              scopes: [all]
            """);

        var fromFile = AdminConfig.FromEnvironment(Env(("MY_SECRET", "named-variable")), path);
        var overridden = AdminConfig.FromEnvironment(Env(
            ("MY_SECRET", "named-variable"),
            ("FLYTE_PLATFORM_URL", "flyte.example.com:443"),
            ("FLYTE_PLATFORM_INSECURE", "false"),
            ("FLYTE_CREDENTIALS_AUTH_MODE", "client_credentials"),
            ("FLYTE_CREDENTIALS_CLIENT_ID", "env-app"),
            ("FLYTE_CREDENTIALS_CLIENT_SECRET", "env-secret"),
            ("FLYTE_CREDENTIALS_OAUTH_SCOPES", "a, b")), path);
        var adminEndpointFirst = AdminConfig.FromEnvironment(Env(
            ("FLYTE_ADMIN_ENDPOINT", "http://127.0.0.1:8088"), ("FLYTE_PLATFORM_URL", "ignored:1")), path);

        Assert.Equal("named-variable", fromFile.ClientSecret);
        Assert.Equal(["all"], fromFile.Scopes);
        Assert.Equal(AdminAuthType.None, fromFile.AuthType);
        Assert.Equal(new Uri("https://flyte.example.com:443/"), overridden.Endpoint);
        Assert.False(overridden.Insecure);
        Assert.Equal(AdminAuthType.ClientSecret, overridden.AuthType);
        Assert.Equal("env-app", overridden.ClientId);
        Assert.Equal("env-secret", overridden.ClientSecret);
        Assert.Equal(["a", "b"], overridden.Scopes);
        Assert.Equal(new Uri("http://127.0.0.1:8088/"), adminEndpointFirst.Endpoint);
    }

    [Fact]
    public void Without_a_file_or_variables_it_is_the_sandbox()
    {
        var config = AdminConfig.FromEnvironment(Env(), Path.Combine(folder, "missing.yaml"));

        Assert.Equal(AdminConfig.Sandbox.Endpoint, config.Endpoint);
        Assert.Equal(AdminAuthType.None, config.AuthType);
        Assert.Empty(config.Scopes);
    }

    [Theory]
    [InlineData("dns:///localhost:30080", true, "http://localhost:30080/")]
    [InlineData("dns:///flyte.example.com", false, "https://flyte.example.com/")]
    [InlineData("localhost:8088", true, "http://localhost:8088/")]
    [InlineData("https://flyte.example.com/admin", true, "https://flyte.example.com/admin/")]
    public void Endpoints_become_rest_addresses(string endpoint, bool insecure, string expected) =>
        Assert.Equal(new Uri(expected), AdminConfig.ParseEndpoint(endpoint, insecure));

    [Fact]
    public void Unsupported_auth_types_and_bad_flags_are_explained()
    {
        var kerberos = Write("admin:\n  endpoint: dns:///localhost:30080\n  authType: Kerberos\n");
        var unknown = Assert.Throws<FormatException>(() => AdminConfig.FromEnvironment(Env(), kerberos)).Message;
        Assert.Contains("Kerberos", unknown);
        Assert.Contains("ClientSecret, Pkce, DeviceFlow or ExternalCommand", unknown);
        Assert.Contains("FLYTE_PLATFORM_INSECURE",
            Assert.Throws<FormatException>(() => AdminConfig.FromEnvironment(Env(("FLYTE_PLATFORM_INSECURE", "maybe")), null)).Message);
        Assert.Throws<FormatException>(() => AdminConfig.ParseEndpoint("ftp://x", true));
    }

    [Fact]
    public void Reads_the_user_login_and_external_command_settings_of_flytectls_config()
    {
        var path = Write("""
            admin:
              endpoint: dns:///flyte.example.com
              authType: DeviceFlow
              command: [gcloud, auth, print-access-token]
              audience: https://flyte.example.com
              pkceConfig:
                timeout: 1m30s
              deviceFlowConfig:
                timeout: 5m
                pollInterval: 500ms
            """);

        var config = AdminConfig.FromEnvironment(Env(("FLYTE_TOKEN_CACHE", "/tmp/tokens")), path);

        Assert.Equal(AdminAuthType.DeviceFlow, config.AuthType);
        Assert.Equal(["gcloud", "auth", "print-access-token"], config.Command);
        Assert.Equal("https://flyte.example.com", config.Audience);
        Assert.Equal(TimeSpan.FromSeconds(90), config.PkceTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), config.DeviceFlowTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.DeviceFlowPollInterval);
        Assert.Equal("/tmp/tokens", config.TokenCacheFolder);
    }

    [Theory]
    [InlineData("Pkce", AdminAuthType.Pkce)]
    [InlineData("standard", AdminAuthType.Pkce)]
    [InlineData("DeviceFlow", AdminAuthType.DeviceFlow)]
    [InlineData("deviceflow", AdminAuthType.DeviceFlow)]
    [InlineData("ExternalCommand", AdminAuthType.ExternalCommand)]
    [InlineData("external_process", AdminAuthType.ExternalCommand)]
    [InlineData("ClientSecret", AdminAuthType.ClientSecret)]
    public void Auth_types_are_read_as_flytectl_and_flytekit_name_them(string text, AdminAuthType expected) =>
        Assert.Equal(expected, AdminConfig.FromEnvironment(Env(("FLYTE_CREDENTIALS_AUTH_MODE", text)), null).AuthType);

    [Fact]
    public void Defaults_are_flytectls_and_a_bad_duration_names_its_key()
    {
        var defaults = AdminConfig.FromEnvironment(Env(("FLYTE_CREDENTIALS_COMMAND", "print-token,--fresh")), null);
        Assert.Equal(TimeSpan.FromMinutes(2), defaults.PkceTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.DeviceFlowTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.DeviceFlowPollInterval);
        Assert.Equal(["print-token", "--fresh"], defaults.Command);

        var bad = Write("admin:\n  deviceFlowConfig:\n    pollInterval: soon\n");
        var error = Assert.Throws<FormatException>(() => AdminConfig.FromEnvironment(Env(), bad)).Message;
        Assert.Contains("admin.deviceFlowConfig.pollInterval 'soon'", error);
        Assert.Contains("1m30s", error);
    }

    [Theory]
    [InlineData("dns:///localhost:30080", null, AdminTransport.Grpc)]
    [InlineData("localhost:30080", null, AdminTransport.Grpc)]
    [InlineData("http://localhost:30080", null, AdminTransport.Rest)]
    [InlineData("https://flyte.example.com", null, AdminTransport.Rest)]
    [InlineData("https://flyte.example.com", "grpc", AdminTransport.Grpc)]
    [InlineData("dns:///localhost:30080", "REST", AdminTransport.Rest)]
    public void The_transport_is_grpc_as_in_flytectl_unless_an_http_address_or_admin_transport_says_rest(
        string endpoint, string? transport, AdminTransport expected)
    {
        var path = Write($"admin:\n  endpoint: {endpoint}\n  insecure: true\n" + (transport is null ? "" : $"  transport: {transport}\n"));

        var config = AdminConfig.FromEnvironment(Env(), path);

        Assert.Equal(expected, config.Transport);
        Assert.Equal(AdminTransport.Rest, AdminConfig.FromEnvironment(Env(("FLYTE_ADMIN_TRANSPORT", "rest")), path).Transport);
    }

    [Fact]
    public void No_config_at_all_is_the_sandbox_over_grpc()
    {
        var config = AdminConfig.FromEnvironment(Env(), null);

        Assert.Equal(AdminTransport.Grpc, config.Transport);
        Assert.Equal(AdminConfig.Sandbox.Endpoint, config.Endpoint);
    }

    [Fact]
    public void An_unknown_transport_is_refused_naming_the_setting()
    {
        var path = Write("admin:\n  endpoint: dns:///localhost:30080\n  transport: websocket\n");

        var error = Assert.Throws<FormatException>(() => AdminConfig.FromEnvironment(Env(), path));

        Assert.Contains("admin.transport 'websocket'", error.Message);
        Assert.Contains("grpc", error.Message);
    }

    [Fact]
    public void Reads_flytectls_tls_settings()
    {
        var path = Write("admin:\n  endpoint: dns:///flyte.example.com:443\n  insecureSkipVerify: true\n  caCertFilePath: /etc/ssl/my-ca.pem\n");

        var config = AdminConfig.FromEnvironment(Env(), path);

        Assert.True(config.InsecureSkipVerify);
        Assert.Equal("/etc/ssl/my-ca.pem", config.CaCertFilePath);
        Assert.Equal(new Uri("https://flyte.example.com:443/"), config.Endpoint);
        Assert.False(AdminConfig.FromEnvironment(Env(), Write("admin:\n  endpoint: dns:///localhost:30080\n")).InsecureSkipVerify);
    }

    [Fact]
    public void A_ca_certificate_file_that_is_not_pem_is_refused_naming_the_setting()
    {
        var notPem = Path.Combine(folder, "ca.pem");
        File.WriteAllText(notPem, "not a certificate");

        var missing = Assert.Throws<ArgumentException>(() => new FlyteAdminClient(AdminConfig.Sandbox with { CaCertFilePath = Path.Combine(folder, "none.pem") }));
        var empty = Assert.Throws<ArgumentException>(() => new FlyteAdminClient(AdminConfig.Sandbox with { CaCertFilePath = notPem }));

        Assert.Contains("admin.caCertFilePath", missing.Message);
        Assert.Contains("none.pem", missing.Message);
        Assert.Contains("holds no PEM certificate", empty.Message);
    }
}
