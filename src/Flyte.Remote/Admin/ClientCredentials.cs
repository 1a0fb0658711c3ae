using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Flyte.Remote;

/// <summary>
/// OAuth2 client credentials against FlyteAdmin's authorization server: discovers the token endpoint
/// (<c>/.well-known/oauth-authorization-server</c>) and the header name (<c>/config/v1/flyte_client</c>), requests a
/// token with HTTP Basic client authentication and keeps it until shortly before it expires. Thread-safe.
/// </summary>
internal sealed class ClientCredentials
{
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);
    private readonly AdminConfig config;
    private readonly HttpClient http;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim gate = new(1, 1);
    private Uri? tokenEndpoint;
    private string? headerName;
    private (string Token, DateTimeOffset Expires)? current;

    public ClientCredentials(AdminConfig config, HttpClient http, TimeProvider time)
    {
        if (string.IsNullOrEmpty(config.ClientId))
            throw new ArgumentException("Client-credentials auth needs a client id (admin.clientId or FLYTE_CREDENTIALS_CLIENT_ID).", nameof(config));
        if (config.ClientSecret is null)
            throw new ArgumentException(
                "Client-credentials auth needs a client secret (admin.clientSecretLocation, admin.clientSecretEnvVar or FLYTE_CREDENTIALS_CLIENT_SECRET).",
                nameof(config));
        this.config = config;
        this.http = http;
        this.time = time;
    }

    /// <summary>How many tokens were requested (for tests and diagnostics).</summary>
    public int TokensRequested { get; private set; }

    /// <summary>The header and value to send; a new token when <paramref name="stale"/> is the one that was refused.</summary>
    public async Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            headerName ??= config.AuthorizationHeader ?? await DiscoverHeaderNameAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task<string> DiscoverHeaderNameAsync(CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(new Uri(config.Endpoint, "config/v1/flyte_client"), cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("authorization_metadata_key", out var key) && key.GetString() is { Length: > 0 } name
            ? name
            : "authorization";
    }

    private async Task<Uri> DiscoverTokenEndpointAsync(CancellationToken cancellationToken)
    {
        var discovery = new Uri(config.Endpoint, ".well-known/oauth-authorization-server");
        using var document = await GetJsonAsync(discovery, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("token_endpoint", out var endpoint) || endpoint.GetString() is not { Length: > 0 } text)
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery", $"{discovery} names no token_endpoint.");
        return new Uri(config.Endpoint, text);
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
        if (!response.IsSuccessStatusCode)
            throw new FlyteAdminException(FlyteAdminException.CodeOf(response.StatusCode), response.StatusCode, "token request",
                $"{endpoint} refused the client credentials of '{config.ClientId}': {body}");
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.GetProperty("access_token").GetString() ?? throw new JsonException("access_token is null");
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            var margin = lifetime > ExpiryMargin * 2 ? ExpiryMargin : TimeSpan.Zero;
            return (token, requestedAt + lifetime - margin);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, response.StatusCode, "token request", $"{endpoint} answered without a token: {body}", e);
        }
    }

    private async Task<JsonDocument> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new FlyteAdminException(FlyteAdminException.CodeOf(response.StatusCode), response.StatusCode, "auth discovery", $"GET {uri}: {body}");
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, response.StatusCode, "auth discovery", $"GET {uri} is not JSON: {body}", e);
        }
    }
}
