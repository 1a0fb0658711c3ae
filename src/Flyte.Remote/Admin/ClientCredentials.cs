using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flyte.Remote.Transport;

namespace Flyte.Remote;

/// <summary>
/// OAuth2 client credentials against FlyteAdmin's authorization server: discovers the token endpoint
/// (unless <see cref="AdminConfig.TokenUrl"/> names it) and the header name through the transport (REST:
/// <c>/.well-known/oauth-authorization-server</c> and <c>/config/v1/flyte_client</c>; gRPC: <c>AuthMetadataService</c>), requests a token with HTTP Basic client authentication and keeps it in memory
/// until shortly before it expires. The secret goes only to a token endpoint on Admin's host or the configured one, and
/// only over HTTPS unless <see cref="AdminConfig.Insecure"/>; it and every token are masked in every error. Thread-safe.
/// </summary>
internal sealed class ClientCredentials
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);
    private readonly AdminConfig config;
    private readonly HttpClient http;
    private readonly IAdminTransport transport;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private Uri? tokenEndpoint;
    private string? headerName;
    private (string Token, DateTimeOffset Expires)? current;

    public ClientCredentials(AdminConfig config, HttpClient http, IAdminTransport transport, TimeProvider time, SecretScrubber scrubber)
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
        this.transport = transport;
        this.time = time;
        Scrubber = scrubber;
        tokenEndpoint = config.TokenUrl;
    }

    /// <summary>Masks this client's secret and tokens.</summary>
    public SecretScrubber Scrubber { get; }

    /// <summary>How many tokens were requested (for tests and diagnostics).</summary>
    public int TokensRequested { get; private set; }

    /// <summary>The header and value to send; a new token when <paramref name="stale"/> is the one that was refused.</summary>
    public async Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            headerName ??= config.AuthorizationHeader ??
                           await transport.DiscoverAuthorizationHeaderAsync(cancellationToken).ConfigureAwait(false) ?? "authorization";
            if (current is not { } token || token.Token == stale || time.GetUtcNow() >= token.Expires)
            {
                tokenEndpoint ??= await DiscoverTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
                current = token = await RequestTokenAsync(tokenEndpoint, cancellationToken).ConfigureAwait(false);
            }
            return (headerName, "Bearer " + token.Token);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Refuses plain HTTP for credentials unless plaintext was asked for explicitly.</summary>
    private static void RequireSecureTransport(AdminConfig config, Uri address, string what)
    {
        if (address.Scheme == Uri.UriSchemeHttp && !config.Insecure)
            throw new ArgumentException(
                $"Refusing to send the client secret or access tokens over plain HTTP: {what} is {address.GetLeftPart(UriPartial.Authority)}. " +
                "Use an https:// address, or allow plaintext explicitly with admin.insecure: true (FLYTE_PLATFORM_INSECURE=true, " +
                "AdminConfig.Insecure) — only for a sandbox or loopback.", nameof(config));
    }

    private async Task<Uri> DiscoverTokenEndpointAsync(CancellationToken cancellationToken)
    {
        var (discovery, text) = await transport.DiscoverTokenEndpointAsync(cancellationToken).ConfigureAwait(false);
        if (text is null)
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery", $"{discovery} names no token_endpoint.");
        if (!Uri.TryCreate(config.Endpoint, text, out var tokenUrl) || tokenUrl.Scheme is not ("http" or "https"))
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery",
                $"{discovery} names a token_endpoint that is not an http(s) address: {Scrubber.Excerpt(text)}");
        // A discovery document is only trusted to point at Admin's own host: anything else must be configured by the user.
        if (!string.Equals(tokenUrl.IdnHost, config.Endpoint.IdnHost, StringComparison.OrdinalIgnoreCase))
            throw new FlyteAdminException(GrpcStatusCode.PERMISSION_DENIED, HttpStatusCode.OK, "auth discovery",
                $"{discovery} names the token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)}, on host '{tokenUrl.Host}' rather than " +
                $"FlyteAdmin's '{config.Endpoint.Host}'; the client secret is not sent there. If that is your identity provider, " +
                "set admin.tokenUrl (AdminConfig.TokenUrl) to it.");
        if (tokenUrl.Scheme == Uri.UriSchemeHttp && !config.Insecure)
            throw new FlyteAdminException(GrpcStatusCode.PERMISSION_DENIED, HttpStatusCode.OK, "auth discovery",
                $"{discovery} names the plain-HTTP token endpoint {tokenUrl.GetLeftPart(UriPartial.Path)}; the client secret is only " +
                "sent over HTTPS unless admin.insecure is true.");
        return tokenUrl;
    }

    private async Task<(string, DateTimeOffset)> RequestTokenAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (config.Scopes.Count > 0)
            form.Add(new("scope", string.Join(' ', config.Scopes)));
        if (config.Audience is { Length: > 0 } audience)
            form.Add(new("audience", audience));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        var basic = $"{config.ClientId}:{Uri.EscapeDataString(config.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var requestedAt = time.GetUtcNow();
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        TokensRequested++;
        var where = endpoint.GetLeftPart(UriPartial.Path);
        if (!response.IsSuccessStatusCode)
            throw new FlyteAdminException(FlyteAdminException.CodeOf(response.StatusCode), response.StatusCode, "token request",
                $"{where} refused the client credentials of '{config.ClientId}': {OAuthError(body)}");
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            // Mask the token before anything can fail on it.
            var token = root.GetProperty("access_token").GetString() ?? throw new JsonException("access_token is null");
            Scrubber.Add(token);
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            var margin = lifetime > ExpiryMargin * 2 ? ExpiryMargin : TimeSpan.Zero;
            return (token, requestedAt + lifetime - margin);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The body may hold a token under another name: say which fields came, never their values.
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, response.StatusCode, "token request",
                $"{where} answered without a string access_token (fields: {FieldNames(body)}).");
        }
    }

    /// <summary>An OAuth2 error answer's <c>error</c> and <c>error_description</c>, else a scrubbed excerpt.</summary>
    private string OAuthError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var text = error.GetString()!;
                if (document.RootElement.TryGetProperty("error_description", out var description) && description.ValueKind == JsonValueKind.String)
                    text += ": " + description.GetString();
                return Scrubber.Excerpt(text);
            }
        }
        catch (JsonException)
        {
            // Not an OAuth2 error body: fall through to the excerpt.
        }
        return body.Length == 0 ? "an empty answer" : Scrubber.Excerpt(body);
    }

    private static string FieldNames(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? string.Join(", ", document.RootElement.EnumerateObject().Select(p => p.Name).Take(20))
                : $"none, a JSON {document.RootElement.ValueKind}";
        }
        catch (JsonException)
        {
            return "none, not JSON";
        }
    }
}
