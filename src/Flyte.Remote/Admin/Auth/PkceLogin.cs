using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Flyte.Remote.Auth;

/// <summary>
/// flytectl's <c>Pkce</c> login (RFC 7636): listens on the loopback redirect URI, opens the browser at the
/// authorization endpoint with an S256 code challenge and a random state, waits (at most
/// <see cref="AdminConfig.PkceTimeout"/>) for the redirect, refuses one whose state differs, and exchanges the code and
/// verifier at the token endpoint (<c>grant_type=authorization_code</c>, a public client: no secret).
/// </summary>
internal sealed class PkceLogin(AdminConfig config, HttpClient http, AuthDiscovery discovery, TimeProvider time, SecretScrubber scrubber,
    AuthInteraction interaction) : IInteractiveLogin
{
    /// <inheritdoc />
    public async Task<TokenSet> LoginAsync(PublicClient client, CancellationToken cancellationToken)
    {
        var authorize = await discovery.EndpointAsync("authorization_endpoint", m => m.AuthorizationEndpoint, cancellationToken).ConfigureAwait(false);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var query = new List<(string, string)>
        {
            ("response_type", "code"), ("client_id", client.ClientId), ("redirect_uri", client.RedirectUri.ToString()),
            ("state", state), ("code_challenge", challenge), ("code_challenge_method", "S256"),
        };
        if (client.Scopes.Count > 0)
            query.Add(("scope", string.Join(' ', client.Scopes)));
        if (client.Audience is { } audience)
            query.Add(("audience", audience));
        var address = new Uri(authorize + (authorize.Query.Length == 0 ? "?" : "&") +
                              string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}")));

        using var redirect = LoopbackRedirect.Listen(client.RedirectUri);
        interaction.Tell($"Log in to FlyteAdmin at {config.Endpoint.Authority} in the browser that opens now; if none does, open {address}");
        try
        {
            await interaction.OpenBrowser(address, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            interaction.Tell($"The browser could not be opened ({e.Message}); open the address above yourself.");
        }

        using var timeout = new CancellationTokenSource(config.PkceTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        IReadOnlyDictionary<string, string> answer;
        string? problem;
        try
        {
            (answer, problem) = await redirect.WaitAsync(q => Judge(q, state), linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Failed(GrpcStatusCode.DEADLINE_EXCEEDED,
                $"No login came back to {client.RedirectUri} within {Describe(config.PkceTimeout)} (admin.pkceConfig.timeout); run the command again to retry.");
        }
        if (problem is not null)
            throw Failed(GrpcStatusCode.UNAUTHENTICATED, problem);
        return await OAuthTokens.RequestAsync(http, client.TokenEndpoint,
            [
                new("grant_type", "authorization_code"), new("code", answer["code"]), new("redirect_uri", client.RedirectUri.ToString()),
                new("client_id", client.ClientId), new("code_verifier", verifier),
            ],
            null, $"refused the authorization code of client '{client.ClientId}'", time, scrubber, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What is wrong with the redirect's query, or null: the state must be ours (else another page sent it), then an error or a code.</summary>
    private string? Judge(IReadOnlyDictionary<string, string> query, string state)
    {
        if (!query.TryGetValue("state", out var returned) || returned != state)
            return "the redirect's state does not match the login's (a stale browser tab, or a forged request: a possible CSRF); " +
                   "the code it carried is not used. Run the command again to log in.";
        if (query.TryGetValue("error", out var error))
            return $"the identity provider denied the login: {scrubber.Excerpt(error)}" +
                   (query.TryGetValue("error_description", out var description) ? ": " + scrubber.Excerpt(description) : "") + ".";
        if (!query.TryGetValue("code", out var code) || code.Length == 0)
            return "the redirect carries neither a code nor an error.";
        scrubber.Add(code);
        return null;
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static FlyteAdminException Failed(GrpcStatusCode code, string message) =>
        new(code, FlyteAdminException.HttpStatusOf(code), "PKCE login", message);
}
