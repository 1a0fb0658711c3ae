using System.Globalization;
using Flyte.Storage;

namespace Flyte.Remote;

/// <summary>How the SDK authenticates to FlyteAdmin.</summary>
public enum AdminAuthType
{
    /// <summary>No credentials (the <c>flytectl demo</c> sandbox has auth off).</summary>
    None,

    /// <summary>OAuth2 client credentials (flytectl's <c>ClientSecret</c>, flytekit's <c>CLIENT_CREDENTIALS</c>).</summary>
    ClientSecret,
}

/// <summary>
/// Where FlyteAdmin is and how to authenticate to it. Immutable. Built from the <c>admin:</c> section of flytectl's
/// <c>config.yaml</c> with environment variables on top (<see cref="FromEnvironment(Func{string, string?}, string?)"/>).
/// </summary>
/// <example><code>
/// admin:
///   endpoint: dns:///localhost:30080
///   insecure: true
///   authType: ClientSecret
///   clientId: my-app
///   clientSecretLocation: /etc/secrets/client_secret
///   scopes:
///     - all
/// </code></example>
public sealed record AdminConfig
{
    /// <summary>The HTTP base address of FlyteAdmin's REST gateway (<c>http://localhost:30080/</c>).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>
    /// Plaintext allowed (flytectl's <c>admin.insecure</c>): a host:port endpoint becomes <c>http://</c>, and a client
    /// secret or access token may be sent over plain HTTP. Without it credentials are only ever sent over HTTPS; an
    /// <c>http://</c> endpoint alone does not opt in.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>The authentication flow. Default: <see cref="AdminAuthType.None"/>.</summary>
    public AdminAuthType AuthType { get; init; } = AdminAuthType.None;

    /// <summary>The OAuth2 client id for <see cref="AdminAuthType.ClientSecret"/>.</summary>
    public string? ClientId { get; init; }

    /// <summary>The OAuth2 client secret, already resolved from the file, variable or value it came from.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>The scopes requested with the token; none means the request carries no <c>scope</c>.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>
    /// The identity provider's token endpoint (flytectl's <c>admin.tokenUrl</c>). Unset means discover it from Admin's
    /// <c>/.well-known/oauth-authorization-server</c>, which is then only trusted on Admin's own host.
    /// </summary>
    public Uri? TokenUrl { get; init; }

    /// <summary>The audience sent with the token request, when the identity provider needs one.</summary>
    public string? Audience { get; init; }

    /// <summary>
    /// The header carrying the token; unset means ask FlyteAdmin (<c>/config/v1/flyte_client</c>'s
    /// <c>authorization_metadata_key</c>), which defaults to <c>authorization</c>.
    /// </summary>
    public string? AuthorizationHeader { get; init; }

    /// <summary>The <c>flytectl demo</c> sandbox: <c>http://localhost:30080/</c>, no auth.</summary>
    public static AdminConfig Sandbox { get; } = new() { Endpoint = new Uri("http://localhost:30080/"), Insecure = true };

    /// <summary>Settings from this process's environment over flytectl's default config file.</summary>
    public static AdminConfig FromEnvironment() =>
        FromEnvironment(Environment.GetEnvironmentVariable,
            S3Options.DefaultConfigPath(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>
    /// Settings from <paramref name="environment"/> over those of the config file at <paramref name="configPath"/>
    /// (none when <see langword="null"/> or missing), over <see cref="Sandbox"/>'s address.
    /// </summary>
    /// <remarks>
    /// Variables, each winning over the file: <c>FLYTE_ADMIN_ENDPOINT</c> or <c>FLYTE_PLATFORM_URL</c> (the endpoint),
    /// <c>FLYTE_PLATFORM_INSECURE</c>, <c>FLYTE_CREDENTIALS_AUTH_MODE</c> / <c>FLYTE_CREDENTIALS_AUTH_TYPE</c>,
    /// <c>FLYTE_CREDENTIALS_CLIENT_ID</c>, <c>FLYTE_CREDENTIALS_CLIENT_SECRET</c>, <c>FLYTE_CREDENTIALS_OAUTH_SCOPES</c>
    /// (comma separated), <c>FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY</c>. <see cref="Insecure"/> is true only when
    /// <c>insecure</c> or <c>FLYTE_PLATFORM_INSECURE</c> says so, or with neither file nor variables (the sandbox); the
    /// file's <c>tokenUrl</c> is <see cref="TokenUrl"/>. The file's secret comes from
    /// <c>clientSecretEnvVar</c> (the name of a variable) before <c>clientSecretLocation</c> (a file, trimmed).
    /// </remarks>
    /// <exception cref="FormatException">An endpoint, flag or auth type cannot be read.</exception>
    public static AdminConfig FromEnvironment(Func<string, string?> environment, string? configPath)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var admin = (configPath is null ? null : FlyteConfigFile.Read(configPath).Section("admin")) ?? new FlyteConfigFile.Mapping();

        var insecure = ParseFlag(Env("FLYTE_PLATFORM_INSECURE"), "FLYTE_PLATFORM_INSECURE")
            ?? ParseFlag(admin.Scalar("insecure"), "admin.insecure");
        var endpointText = Env("FLYTE_ADMIN_ENDPOINT") ?? Env("FLYTE_PLATFORM_URL") ?? admin.Scalar("endpoint");
        var authType = ParseAuthType(Env("FLYTE_CREDENTIALS_AUTH_MODE") ?? Env("FLYTE_CREDENTIALS_AUTH_TYPE") ?? admin.Scalar("authType"));

        string? fileSecret = null;
        if (admin.Scalar("clientSecretEnvVar") is { Length: > 0 } secretVariable)
            fileSecret = Env(secretVariable);
        if (fileSecret is null && admin.Scalar("clientSecretLocation") is { Length: > 0 } secretFile && File.Exists(secretFile))
            fileSecret = File.ReadAllText(secretFile).Trim();

        var scopes = Env("FLYTE_CREDENTIALS_OAUTH_SCOPES") is { } scopeList
            ? scopeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : admin.Sequence("scopes") ?? [];

        return new AdminConfig
        {
            Endpoint = endpointText is null ? Sandbox.Endpoint : ParseEndpoint(endpointText, insecure ?? false),
            Insecure = insecure ?? (endpointText is null),
            AuthType = authType,
            ClientId = Env("FLYTE_CREDENTIALS_CLIENT_ID") ?? admin.Scalar("clientId"),
            ClientSecret = Env("FLYTE_CREDENTIALS_CLIENT_SECRET") ?? fileSecret,
            Scopes = scopes.ToArray(),
            TokenUrl = admin.Scalar("tokenUrl") is { Length: > 0 } tokenUrl ? ParseTokenUrl(tokenUrl) : null,
            Audience = admin.Scalar("audience"),
            AuthorizationHeader = Env("FLYTE_CREDENTIALS_AUTHORIZATION_METADATA_KEY") ?? admin.Scalar("authorizationHeader"),
        };
    }

    /// <summary>
    /// The REST base address for a flytectl endpoint: <c>dns:///host:port</c> or <c>host:port</c> become
    /// <c>http://</c> (insecure) or <c>https://</c>; an explicit <c>http(s)://</c> address is kept.
    /// </summary>
    /// <exception cref="FormatException">The endpoint is not an address.</exception>
    public static Uri ParseEndpoint(string endpoint, bool insecure)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = endpoint.Trim();
        if (text.StartsWith("dns:///", StringComparison.OrdinalIgnoreCase))
            text = text["dns:///".Length..];
        else if (text.StartsWith("dns://", StringComparison.OrdinalIgnoreCase))
            text = text["dns://".Length..];
        if (!text.Contains("://", StringComparison.Ordinal))
            text = (insecure ? "http://" : "https://") + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new FormatException($"The FlyteAdmin endpoint '{endpoint}' is not an address like dns:///localhost:30080 or http://localhost:30080.");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    private static Uri ParseTokenUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"admin.tokenUrl '{text}' is not an http(s) address like https://idp.example.com/oauth2/token.");

    private static bool? ParseFlag(string? text, string name) => text?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException($"{name} must be true or false, not '{text}'."),
    };

    private static AdminAuthType ParseAuthType(string? text) =>
        text?.Trim().Replace("_", "", StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture) switch
        {
            null or "" or "none" or "insecure" => AdminAuthType.None,
            "clientsecret" or "clientcredentials" or "basic" => AdminAuthType.ClientSecret,
            _ => throw new FormatException(
                $"The auth type '{text}' is not supported: use ClientSecret (client credentials) or leave it unset (no auth). " +
                "Pkce, DeviceFlow and ExternalCommand are not implemented."),
        };

    /// <summary>The settings with the client secret masked, safe to log.</summary>
    public override string ToString() =>
        $"AdminConfig {{ Endpoint = {Endpoint}, Insecure = {Insecure}, AuthType = {AuthType}, ClientId = {ClientId}, " +
        $"ClientSecret = {(ClientSecret is null ? "" : "***")}, Scopes = [{string.Join(", ", Scopes)}], TokenUrl = {TokenUrl}, " +
        $"Audience = {Audience}, " +
        $"AuthorizationHeader = {AuthorizationHeader} }}";
}
