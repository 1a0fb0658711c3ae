using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Flyteidl.Service;
using Google.Protobuf;

namespace Flyte.Remote.Transport;

/// <summary>
/// FlyteAdmin's REST gateway: protobuf-JSON bodies (<see cref="AdminJson"/>), the gateway's <c>{"code", "message"}</c>
/// error bodies, no redirects followed (a redirect would carry the token elsewhere). Auth discovery reads
/// <c>/.well-known/oauth-authorization-server</c> and <c>/config/v1/flyte_client</c>.
/// </summary>
internal sealed class RestAdminTransport(AdminConfig config, HttpClient http, SecretScrubber scrubber) : IAdminTransport
{
    public async Task<TResponse> CallAsync<TRequest, TResponse>(AdminCall<TRequest, TResponse> call, TRequest request,
        (string Name, string Value)? auth, string operation, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        using var message = new HttpRequestMessage(call.RestMethod, new Uri(config.Endpoint, call.RestPath(request)));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.HasBody)
            message.Content = new StringContent(AdminJson.Format(request), Encoding.UTF8, "application/json");
        if (auth is { } header)
            message.Headers.TryAddWithoutValidation(header.Name, header.Value);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new FlyteAdminException(GrpcStatusCode.UNAVAILABLE, HttpStatusCode.ServiceUnavailable, operation,
                $"FlyteAdmin at {config.Endpoint.GetLeftPart(UriPartial.Authority)} cannot be reached: {scrubber.Excerpt(e.Message)}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode is >= 300 and < 400)
                throw new FlyteAdminException(GrpcStatusCode.FAILED_PRECONDITION, response.StatusCode, operation,
                    $"FlyteAdmin answered with a redirect to {scrubber.Excerpt(response.Headers.Location?.GetLeftPart(UriPartial.Path) ?? "nowhere")}, " +
                    "which is not followed (it would carry credentials elsewhere): point the endpoint at where Admin really is.");
            if (!response.IsSuccessStatusCode)
                throw Error(response.StatusCode, operation, text);
            try
            {
                return AdminJson.Parse<TResponse>(text);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, operation,
                    $"The answer is not a {typeof(TResponse).Name}: {scrubber.Excerpt(e.Message)}");
            }
        }
    }

    public async Task<(string Source, OAuth2MetadataResponse Metadata)> DiscoverOAuth2MetadataAsync(CancellationToken cancellationToken)
    {
        var discovery = new Uri(config.Endpoint, ".well-known/oauth-authorization-server");
        return (discovery.ToString(), await GetJsonAsync<OAuth2MetadataResponse>(discovery, cancellationToken).ConfigureAwait(false));
    }

    public Task<PublicClientAuthConfigResponse> DiscoverPublicClientConfigAsync(CancellationToken cancellationToken) =>
        GetJsonAsync<PublicClientAuthConfigResponse>(new Uri(config.Endpoint, "config/v1/flyte_client"), cancellationToken);

    /// <summary>The HTTP client belongs to <see cref="FlyteAdminClient"/>.</summary>
    public void Dispose()
    {
    }

    /// <summary>
    /// The error for an answer: the gateway's code and message when it sent them, else a short excerpt of the body;
    /// either way scrubbed of the secret and tokens and cut to <see cref="SecretScrubber.ExcerptLength"/> characters.
    /// </summary>
    private FlyteAdminException Error(HttpStatusCode status, string operation, string body)
    {
        var code = FlyteAdminException.CodeOf(status);
        var message = body;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var number) &&
                    Enum.IsDefined(typeof(GrpcStatusCode), number))
                    code = (GrpcStatusCode)number;
                if (document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    message = m.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not the gateway's error shape (a proxy's HTML page, say): keep an excerpt of the body.
        }
        return new FlyteAdminException(code, status, operation,
            message.Length == 0 ? $"HTTP {(int)status} with an empty body" : scrubber.Excerpt(message));
    }

    /// <summary>A discovery document as its flyteidl message (unknown fields ignored).</summary>
    private async Task<T> GetJsonAsync<T>(Uri uri, CancellationToken cancellationToken) where T : IMessage<T>, new()
    {
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new FlyteAdminException(FlyteAdminException.CodeOf(response.StatusCode), response.StatusCode, "auth discovery",
                $"GET {uri}: {scrubber.Excerpt(body)}");
        try
        {
            return AdminJson.Parse<T>(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, response.StatusCode, "auth discovery",
                $"GET {uri} is not a {typeof(T).Name} in JSON: {scrubber.Excerpt(body)}", e);
        }
    }
}
