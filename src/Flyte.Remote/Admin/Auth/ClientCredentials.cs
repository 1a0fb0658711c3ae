using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Flyte.Remote.Auth;

/// <summary>
/// OAuth2 client credentials against FlyteAdmin's authorization server: discovers the token endpoint
/// (unless <see cref="AdminConfig.TokenUrl"/> names it) and the header name through the transport (REST:
/// <c>/.well-known/oauth-authorization-server</c> and <c>/config/v1/flyte_client</c>; gRPC: <c>AuthMetadataService</c>), requests a token with HTTP Basic client authentication and keeps it in memory
/// until shortly before it expires. The secret goes only to a token endpoint on Admin's host or the configured one, and
/// only over HTTPS unless <see cref="AdminConfig.Insecure"/>; it and every token are masked in every error. Thread-safe.
/// </summary>
internal sealed class ClientCredentials : ITokenSource
{
    private readonly AdminConfig config;
    private readonly HttpClient http;
    private readonly AuthDiscovery discovery;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private Uri? tokenEndpoint;
    private string? headerName;
    private TokenSet? current;

    public ClientCredentials(AdminConfig config, HttpClient http, AuthDiscovery discovery, TimeProvider time, SecretScrubber scrubber)
    {
        if (string.IsNullOrEmpty(config.ClientId))
            throw new ArgumentException("Client-credentials auth needs a client id (admin.clientId or FLYTE_CREDENTIALS_CLIENT_ID).", nameof(config));
        if (config.ClientSecret is null)
            throw new ArgumentException(
                "Client-credentials auth needs a client secret (admin.clientSecretLocation, admin.clientSecretEnvVar or FLYTE_CREDENTIALS_CLIENT_SECRET).",
                nameof(config));
        RequireSecureTransport(config, config.Endpoint, "the FlyteAdmin endpoint");
        if (config.TokenUrl is { } tokenUrl)
            RequireSecureTransport(config, tokenUrl, "admin.tokenUrl");
        scrubber.AddClientSecret(config.ClientId, config.ClientSecret);
        this.config = config;
        this.http = http;
        this.discovery = discovery;
        this.time = time;
        Scrubber = scrubber;
        tokenEndpoint = config.TokenUrl;
    }

    /// <summary>Masks this client's secret and tokens.</summary>
    public SecretScrubber Scrubber { get; }

    /// <inheritdoc />
    public int TokensRequested { get; private set; }

    /// <inheritdoc />
    public async Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            headerName ??= await discovery.HeaderNameAsync(cancellationToken).ConfigureAwait(false);
            if (current is not { } token || token.AccessToken == stale || time.GetUtcNow() >= token.Expires)
            {
                tokenEndpoint ??= await DiscoverTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
                current = token = await RequestTokenAsync(tokenEndpoint, cancellationToken).ConfigureAwait(false);
            }
            return (headerName, "Bearer " + token.AccessToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Refuses plain HTTP for credentials unless plaintext was asked for explicitly.</summary>
    internal static void RequireSecureTransport(AdminConfig config, Uri address, string what)
    {
        if (address.Scheme == Uri.UriSchemeHttp && !config.Insecure)
            throw new ArgumentException(
                $"Refusing to send the client secret or access tokens over plain HTTP: {what} is {address.GetLeftPart(UriPartial.Authority)}. " +
                "Use an https:// address, or allow plaintext explicitly with admin.insecure: true (FLYTE_PLATFORM_INSECURE=true, " +
                "AdminConfig.Insecure) — only for a sandbox or loopback.", nameof(config));
    }

    private async Task<Uri> DiscoverTokenEndpointAsync(CancellationToken cancellationToken)
    {
        var (source, metadata) = await discovery.MetadataAsync(cancellationToken).ConfigureAwait(false);
        var text = metadata.TokenEndpoint;
        if (text.Length == 0)
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery", $"{source} names no token_endpoint.");
        if (!Uri.TryCreate(config.Endpoint, text, out var tokenUrl) || tokenUrl.Scheme is not ("http" or "https"))
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery",
                $"{source} names a token_endpoint that is not an http(s) address: {Scrubber.Excerpt(text)}");
        // A discovery document is only trusted to point at Admin's own host: anything else must be configured by the user.
        if (!string.Equals(tokenUrl.IdnHost, config.Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase))
            throw new FlyteAdminException(GrpcStatusCode.PERMISSION_DENIED, HttpStatusCode.OK, "auth discovery",
                $"{source} names the token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)}, on host '{tokenUrl.Host}' rather than " +
                $"FlyteAdmin's '{config.Endpoint.Host}'; the client secret is not sent there. If that is your identity provider, " +
                "set admin.tokenUrl (AdminConfig.TokenUrl) to it.");
        if (tokenUrl.Scheme == Uri.UriSchemeHttp && !config.Insecure)
            throw new FlyteAdminException(GrpcStatusCode.PERMISSION_DENIED, HttpStatusCode.OK, "auth discovery",
                $"{source} names the plain-HTTP token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)}; the client secret is only " +
                "sent over HTTPS unless admin.insecure is true.");
        return tokenUrl;
    }

    private async Task<TokenSet> RequestTokenAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (config.Scopes.Count > 0)
            form.Add(new("scope", string.Join(' ', config.Scopes)));
        if (config.Audience is { Length: > 0 } audience)
            form.Add(new("audience", audience));
        var basic = $"{config.ClientId}:{Uri.EscapeDataString(config.ClientSecret!)}";
        TokensRequested++;
        return await OAuthTokens.RequestAsync(http, endpoint, form, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic))),
            $"refused the client credentials of '{config.ClientId}'", time, Scrubber, cancellationToken).ConfigureAwait(false);
    }
}
