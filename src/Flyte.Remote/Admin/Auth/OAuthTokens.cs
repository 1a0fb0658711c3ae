using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Flyte.Remote.Auth;

/// <summary>An access token, the refresh token that came with it (if any), and when to stop using it.</summary>
internal sealed record TokenSet(string AccessToken, string? RefreshToken, DateTimeOffset Expires);

/// <summary>
/// Token-endpoint requests (RFC 6749 §3.2: a form POST, a JSON answer) shared by every OAuth2 flow: the answer's
/// tokens are masked before anything can fail on them, OAuth2 errors are read as <c>error: error_description</c>.
/// </summary>
internal static class OAuthTokens
{
    /// <summary>How long before <c>expires_in</c> a token is no longer used (when it lives longer than twice that).</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);

    /// <summary>Posts <paramref name="form"/> to <paramref name="endpoint"/>; the answer's status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form,
        AuthenticationHeaderValue? authorization, string operation, SecretScrubber scrubber, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException e)
        {
            throw new FlyteAdminException(GrpcStatusCode.UNAVAILABLE, HttpStatusCode.ServiceUnavailable, operation,
                $"{endpoint.GetLeftPart(UriPartial.Path)} cannot be reached: {scrubber.Excerpt(e.Message)}", e);
        }
    }

    /// <summary>
    /// Posts a token request; the token set on success, else a <see cref="FlyteAdminException"/> saying
    /// "<paramref name="refusal"/>" and the OAuth2 error.
    /// </summary>
    public static async Task<TokenSet> RequestAsync(HttpClient http, Uri endpoint, IEnumerable<KeyValuePair<string, string>> form,
        AuthenticationHeaderValue? authorization, string refusal, TimeProvider time, SecretScrubber scrubber, CancellationToken cancellationToken)
    {
        var requestedAt = time.GetUtcNow();
        var (status, body) = await PostAsync(http, endpoint, form, authorization, "token request", scrubber, cancellationToken).ConfigureAwait(false);
        if ((int)status is < 200 or >= 300)
            throw new FlyteAdminException(FlyteAdminException.CodeOf(status), status, "token request",
                $"{endpoint.GetLeftPart(UriPartial.Path)} {refusal}: {Describe(body, scrubber)}");
        return Parse(body, status, endpoint, requestedAt, scrubber);
    }

    /// <summary>The token set of a successful answer, its tokens masked from now on.</summary>
    public static TokenSet Parse(string body, HttpStatusCode status, Uri endpoint, DateTimeOffset requestedAt, SecretScrubber scrubber)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var token = root.GetProperty("access_token").GetString() ?? throw new JsonException("access_token is null");
            scrubber.Add(token);
            var refresh = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            scrubber.Add(refresh);
            var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt64(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : TimeSpan.FromMinutes(5);
            var margin = lifetime > ExpiryMargin * 2 ? ExpiryMargin : TimeSpan.Zero;
            return new TokenSet(token, refresh, requestedAt + lifetime - margin);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // The body may hold a token under another name: say which fields came, never their values.
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, status, "token request",
                $"{endpoint.GetLeftPart(UriPartial.Path)} answered without a string access_token (fields: {FieldNames(body)}).");
        }
    }

    /// <summary>The OAuth2 <c>error</c> code of an answer (<c>authorization_pending</c>, <c>invalid_grant</c>…), or null.</summary>
    public static string? ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An OAuth2 error answer's <c>error</c> and <c>error_description</c>, else a scrubbed excerpt.</summary>
    public static string Describe(string body, SecretScrubber scrubber)
    {
        if (ErrorCode(body) is { } code)
        {
            using var document = JsonDocument.Parse(body);
            var text = document.RootElement.TryGetProperty("error_description", out var description) && description.ValueKind == JsonValueKind.String
                ? code + ": " + description.GetString()
                : code;
            return scrubber.Excerpt(text);
        }
        return body.Length == 0 ? "an empty answer" : scrubber.Excerpt(body);
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
