using System.Globalization;
using Flyte.Config;

namespace Flyte.Remote;

/// <summary>How the SDK authenticates to FlyteAdmin.</summary>
public enum AdminAuthType
{
    /// <summary>No credentials (the <c>flytectl demo</c> sandbox has auth off).</summary>
    None,

    /// <summary>OAuth2 client credentials (flytectl's <c>ClientSecret</c>, flytekit's <c>CLIENT_CREDENTIALS</c>).</summary>
    ClientSecret,

    /// <summary>A user logs in in the browser: authorization code with PKCE, redirected to a loopback port (flytectl's <c>Pkce</c>).</summary>
    Pkce,

    /// <summary>A user logs in on another device with a code (RFC 8628; flytectl's <c>DeviceFlow</c>).</summary>
    DeviceFlow,

    /// <summary>A command prints the access token (flytectl's <c>ExternalCommand</c>, <c>admin.command</c>).</summary>
    ExternalCommand,
}

/// <summary>How the SDK talks to FlyteAdmin.</summary>
public enum AdminTransport
{
    /// <summary>gRPC (<c>flyteidl.service.AdminService</c>), as flytectl and flytekit do; HTTP/2, cleartext (h2c) when insecure.</summary>
    Grpc,

    /// <summary>FlyteAdmin's REST gateway (<c>/api/v1/…</c>, protobuf-JSON bodies).</summary>
    Rest,
}

/// <summary>
/// Where FlyteAdmin is and how to authenticate to it. Immutable. Built from the <c>admin:</c> section of
/// <see cref="FlyteConfig"/> (flytectl's <c>config.yaml</c> with environment variables on top) by <see cref="From"/>.
/// </summary>
public sealed record AdminConfig
{
    /// <summary>
    /// FlyteAdmin's base address (<c>http://localhost:30080/</c>): the REST gateway's root, or for gRPC the channel's
    /// address (<c>http://</c> is cleartext HTTP/2, <c>https://</c> TLS).
    /// </summary>
    public required Uri Endpoint { get; init; }

    /// <summary>gRPC (the default, as flytectl) or the REST gateway.</summary>
    public AdminTransport Transport { get; init; } = AdminTransport.Grpc;

    /// <summary>Accept any server certificate (flytectl's <c>admin.insecureSkipVerify</c>); for test clusters only.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>A PEM file of the CA that signs FlyteAdmin's certificate (flytectl's <c>admin.caCertFilePath</c>), trusted on top of the system's.</summary>
    public string? CaCertFilePath { get; init; }

    /// <summary>
    /// Plaintext allowed (flytectl's <c>admin.insecure</c>): a host:port endpoint becomes <c>http://</c>, and a client
    /// secret or access token may be sent over plain HTTP. Without it credentials are only ever sent over HTTPS; an
    /// <c>http://</c> endpoint alone does not opt in.
    /// </summary>
    public bool Insecure { get; init; }

    /// <summary>The authentication flow. Default: <see cref="AdminAuthType.None"/>.</summary>
    public AdminAuthType AuthType { get; init; } = AdminAuthType.None;

    /// <summary>
    /// The OAuth2 client id: required for <see cref="AdminAuthType.ClientSecret"/>; for <see cref="AdminAuthType.Pkce"/>
    /// and <see cref="AdminAuthType.DeviceFlow"/> unset means Admin's public client id (<c>GetPublicClientConfig</c>).
    /// </summary>
    public string? ClientId { get; init; }

    /// <summary>The OAuth2 client secret, already resolved from the file, variable or value it came from.</summary>
    public string? ClientSecret { get; init; }

    /// <summary>
    /// The scopes requested with the token; none means the request carries no <c>scope</c> (client credentials) or
    /// Admin's public client scopes (PKCE, device flow).
    /// </summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>
    /// The identity provider's token endpoint (flytectl's <c>admin.tokenUrl</c>). Unset means discover it from Admin's
    /// <c>/.well-known/oauth-authorization-server</c>, which is then only trusted on Admin's own host.
    /// </summary>
    public Uri? TokenUrl { get; init; }

    /// <summary>The audience sent with the token request, when the identity provider needs one; for a user login unset means Admin's public client audience.</summary>
    public string? Audience { get; init; }

    /// <summary>The command printing the access token for <see cref="AdminAuthType.ExternalCommand"/> (flytectl's <c>admin.command</c>): program, then arguments.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>How long a PKCE login waits for the browser (flytectl's <c>admin.pkceConfig.timeout</c>). Default: 2 minutes.</summary>
    public TimeSpan PkceTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a device login waits for approval (flytectl's <c>admin.deviceFlowConfig.timeout</c>). Default: 10 minutes.</summary>
    public TimeSpan DeviceFlowTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often a device login polls when the identity provider names no interval (flytectl's
    /// <c>admin.deviceFlowConfig.pollInterval</c>). Default: 5 seconds.
    /// </summary>
    public TimeSpan DeviceFlowPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The folder of the PKCE and device-flow token cache (one owner-only file per endpoint and client id); null for
    /// <c>$FLYTE_TOKEN_CACHE</c>, else <c>$XDG_CACHE_HOME/flyte/tokens</c>, else <c>~/.cache/flyte/tokens</c>.
    /// </summary>
    public string? TokenCacheFolder { get; init; }

    /// <summary>
    /// The header carrying the token; unset means ask FlyteAdmin (<c>/config/v1/flyte_client</c>'s
    /// <c>authorization_metadata_key</c>), which defaults to <c>authorization</c>.
    /// </summary>
    public string? AuthorizationHeader { get; init; }

    /// <summary>The <c>flytectl demo</c> sandbox: <c>http://localhost:30080/</c> over gRPC, no auth.</summary>
    public static AdminConfig Sandbox { get; } = new() { Endpoint = new Uri("http://localhost:30080/"), Insecure = true };

    /// <summary>Settings from this process's environment over flytectl's default config file.</summary>
    public static AdminConfig FromEnvironment() => From(FlyteConfig.Load());

    /// <summary>
    /// Settings from <paramref name="environment"/> over those of the config file at <paramref name="configPath"/>
    /// (none when <see langword="null"/> or missing), over <see cref="Sandbox"/>'s address; see <see cref="FlyteConfig.Load(Func{string, string?}, string?)"/>.
    /// </summary>
    /// <exception cref="FormatException">An endpoint, flag or auth type cannot be read.</exception>
    public static AdminConfig FromEnvironment(Func<string, string?> environment, string? configPath) => From(FlyteConfig.Load(environment, configPath));

    /// <summary>
    /// The Admin settings of <paramref name="config"/>, over <see cref="Sandbox"/>'s address. <see cref="Insecure"/> is
    /// true only when <c>insecure</c> or <c>FLYTE_PLATFORM_INSECURE</c> says so, or with no endpoint at all (the sandbox).
    /// The transport is <c>admin.transport</c> (<c>FLYTE_ADMIN_TRANSPORT</c>: <c>grpc</c> or <c>rest</c>) when given;
    /// otherwise gRPC for flytectl's <c>dns:///host:port</c> or <c>host:port</c>, and the REST gateway for an explicit
    /// <c>http(s)://</c> address.
    /// </summary>
    /// <exception cref="FormatException">The endpoint, transport, token URL, auth type or a timeout cannot be read.</exception>
    public static AdminConfig From(FlyteConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var admin = config.Admin;
        return new AdminConfig
        {
            Endpoint = admin.Endpoint is null ? Sandbox.Endpoint : ParseEndpoint(admin.Endpoint, admin.Insecure ?? false),
            Insecure = admin.Insecure ?? (admin.Endpoint is null),
            Transport = ParseTransport(admin.Transport, admin.Endpoint),
            InsecureSkipVerify = admin.InsecureSkipVerify ?? false,
            CaCertFilePath = admin.CaCertFilePath,
            AuthType = ParseAuthType(admin.AuthType),
            ClientId = admin.ClientId,
            ClientSecret = admin.ClientSecret,
            Scopes = admin.Scopes,
            TokenUrl = admin.TokenUrl is { } tokenUrl ? ParseTokenUrl(tokenUrl) : null,
            Audience = admin.Audience,
            AuthorizationHeader = admin.AuthorizationHeader,
            Command = admin.Command,
            PkceTimeout = ParseDuration(admin.PkceTimeout, "admin.pkceConfig.timeout") ?? TimeSpan.FromMinutes(2),
            DeviceFlowTimeout = ParseDuration(admin.DeviceFlowTimeout, "admin.deviceFlowConfig.timeout") ?? TimeSpan.FromMinutes(10),
            DeviceFlowPollInterval = ParseDuration(admin.DeviceFlowPollInterval, "admin.deviceFlowConfig.pollInterval") ?? TimeSpan.FromSeconds(5),
            TokenCacheFolder = admin.TokenCacheFolder,
        };
    }

    /// <summary>
    /// The base address for a flytectl endpoint (the gRPC channel's, or the REST gateway's root): <c>dns:///host:port</c>
    /// or <c>host:port</c> become <c>http://</c> (insecure: cleartext) or <c>https://</c> (TLS); an explicit
    /// <c>http(s)://</c> address is kept.
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

    /// <summary>
    /// The transport <paramref name="transport"/> names, else the one <paramref name="endpoint"/>'s form implies:
    /// an <c>http(s)://</c> address is the REST gateway, anything else (<c>dns:///</c>, <c>host:port</c>, none) gRPC.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="transport"/> is neither <c>grpc</c> nor <c>rest</c>.</exception>
    public static AdminTransport ParseTransport(string? transport, string? endpoint) =>
        transport?.Trim().ToLower(CultureInfo.InvariantCulture) switch
        {
            "grpc" => AdminTransport.Grpc,
            "rest" or "http" => AdminTransport.Rest,
            null or "" => endpoint?.Trim() is { } e && (e.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
                                                         e.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                ? AdminTransport.Rest
                : AdminTransport.Grpc,
            _ => throw new FormatException($"admin.transport '{transport}' is not a transport: use grpc (the default) or rest."),
        };

    private static Uri ParseTokenUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"admin.tokenUrl '{text}' is not an http(s) address like https://idp.example.com/oauth2/token.");

    private static AdminAuthType ParseAuthType(string? text) =>
        text?.Trim().Replace("_", "", StringComparison.Ordinal).ToLower(CultureInfo.InvariantCulture) switch
        {
            null or "" or "none" or "insecure" => AdminAuthType.None,
            "clientsecret" or "clientcredentials" or "basic" => AdminAuthType.ClientSecret,
            "pkce" or "standard" => AdminAuthType.Pkce,
            "deviceflow" => AdminAuthType.DeviceFlow,
            "externalcommand" or "externalprocess" => AdminAuthType.ExternalCommand,
            _ => throw new FormatException(
                $"The auth type '{text}' is not supported: use ClientSecret, Pkce, DeviceFlow or ExternalCommand, or leave it unset (no auth)."),
        };

    /// <summary>A Go duration as flytectl's config writes them (<c>2m</c>, <c>1m30s</c>, <c>500ms</c>, <c>1h</c>); null for none.</summary>
    private static TimeSpan? ParseDuration(string? text, string key)
    {
        if (text is null)
            return null;
        var rest = text.Trim();
        var total = TimeSpan.Zero;
        var match = System.Text.RegularExpressions.Regex.Match(rest, @"^(?:(\d+(?:\.\d+)?)(h|ms|m|s))+$");
        if (!match.Success || rest.Length == 0)
            throw new FormatException($"{key} '{text}' is not a duration like 2m, 90s, 1m30s or 500ms.");
        for (var i = 0; i < match.Groups[1].Captures.Count; i++)
        {
            var amount = double.Parse(match.Groups[1].Captures[i].Value, CultureInfo.InvariantCulture);
            total += match.Groups[2].Captures[i].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }
        return total > TimeSpan.Zero ? total : throw new FormatException($"{key} '{text}' must be longer than zero.");
    }

    /// <summary>The settings with the client secret masked, safe to log.</summary>
    public override string ToString() =>
        $"AdminConfig {{ Endpoint = {Endpoint}, Transport = {Transport}, Insecure = {Insecure}, InsecureSkipVerify = {InsecureSkipVerify}, " +
        $"CaCertFilePath = {CaCertFilePath}, AuthType = {AuthType}, ClientId = {ClientId}, " +
        $"ClientSecret = {(ClientSecret is null ? "" : "***")}, Scopes = [{string.Join(", ", Scopes)}], TokenUrl = {TokenUrl}, " +
        $"Audience = {Audience}, " +
        $"AuthorizationHeader = {AuthorizationHeader}, Command = [{string.Join(" ", Command)}], PkceTimeout = {PkceTimeout}, " +
        $"DeviceFlowTimeout = {DeviceFlowTimeout}, DeviceFlowPollInterval = {DeviceFlowPollInterval}, TokenCacheFolder = {TokenCacheFolder} }}";
}
