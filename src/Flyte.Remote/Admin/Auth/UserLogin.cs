using System.Net;

namespace Flyte.Remote.Auth;

/// <summary>The public client a user logs in as: from the config, else from Admin's <c>GetPublicClientConfig</c>.</summary>
/// <param name="ClientId"><see cref="AdminConfig.ClientId"/>, else Admin's <c>client_id</c> (<c>flytectl</c> on a default install).</param>
/// <param name="Scopes"><see cref="AdminConfig.Scopes"/>, else Admin's <c>scopes</c>.</param>
/// <param name="Audience"><see cref="AdminConfig.Audience"/>, else Admin's <c>audience</c>; null for none.</param>
/// <param name="RedirectUri">Admin's <c>redirect_uri</c>, else flytectl's <c>http://localhost:53593/callback</c>.</param>
/// <param name="TokenEndpoint"><see cref="AdminConfig.TokenUrl"/>, else the metadata's <c>token_endpoint</c>.</param>
internal sealed record PublicClient(string ClientId, IReadOnlyList<string> Scopes, string? Audience, Uri RedirectUri, Uri TokenEndpoint);

/// <summary>One way of logging a user in: the browser (PKCE) or a device code.</summary>
internal interface IInteractiveLogin
{
    /// <summary>Logs in as <paramref name="client"/>; the token set issued.</summary>
    Task<TokenSet> LoginAsync(PublicClient client, CancellationToken cancellationToken);
}

/// <summary>
/// Tokens for a user (flytectl's <c>Pkce</c> and <c>DeviceFlow</c>, as its token orchestrator): the cached token set
/// while it is valid; when it has expired (or Admin refused it) the refresh token (<c>grant_type=refresh_token</c>);
/// when that fails, or there is none, a new interactive login. Every new token set is written to the
/// <see cref="TokenCache"/>. Thread-safe.
/// </summary>
internal sealed class UserLogin(AdminConfig config, HttpClient http, AuthDiscovery discovery, TimeProvider time, SecretScrubber scrubber,
    AuthInteraction interaction, IInteractiveLogin login) : ITokenSource
{
    /// <summary>flytectl's redirect URI when Admin names none.</summary>
    public static readonly Uri DefaultRedirectUri = new("http://localhost:53593/callback");

    private readonly SemaphoreSlim gate = new(1, 1);
    private string? headerName;
    private PublicClient? client;
    private TokenCache? cache;
    private TokenSet? current;

    /// <inheritdoc />
    public int TokensRequested { get; private set; }

    /// <inheritdoc />
    public async Task<(string Name, string Value)> HeaderAsync(string? stale, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            headerName ??= await discovery.HeaderNameAsync(cancellationToken).ConfigureAwait(false);
            client ??= await ResolveAsync(cancellationToken).ConfigureAwait(false);
            if (cache is null)
            {
                // Kept only once read: a refused file stays refused on every call, never silently replaced by a new login.
                var file = new TokenCache(config.TokenCacheFolder ?? TokenCache.DefaultFolder(Environment.GetEnvironmentVariable), config.Endpoint, client.ClientId);
                current = file.Load();
                cache = file;
                scrubber.Add(current?.AccessToken);
                scrubber.Add(current?.RefreshToken);
            }
            if (current is not { } tokens || tokens.AccessToken == stale || time.GetUtcNow() >= tokens.Expires)
            {
                current = tokens = await RefreshOrLoginAsync(client, current, cancellationToken).ConfigureAwait(false);
                cache.Save(tokens);
            }
            return (headerName, "Bearer " + tokens.AccessToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<TokenSet> RefreshOrLoginAsync(PublicClient publicClient, TokenSet? old, CancellationToken cancellationToken)
    {
        if (old?.RefreshToken is { } refresh)
        {
            try
            {
                TokensRequested++;
                var renewed = await OAuthTokens.RequestAsync(http, publicClient.TokenEndpoint,
                    [new("grant_type", "refresh_token"), new("refresh_token", refresh), new("client_id", publicClient.ClientId)],
                    null, "refused the refresh token", time, scrubber, cancellationToken).ConfigureAwait(false);
                // RFC 6749 §6: the server may keep the refresh token as it was.
                return renewed.RefreshToken is null ? renewed with { RefreshToken = refresh } : renewed;
            }
            catch (FlyteAdminException e) when (e.Code != GrpcStatusCode.UNAVAILABLE)
            {
                interaction.Tell($"The saved login could not be refreshed ({e.ServerMessage}); logging in again.");
            }
        }
        TokensRequested++;
        return await login.LoginAsync(publicClient, cancellationToken).ConfigureAwait(false);
    }

    private async Task<PublicClient> ResolveAsync(CancellationToken cancellationToken)
    {
        var admin = await discovery.ClientAsync(cancellationToken).ConfigureAwait(false);
        var clientId = config.ClientId is { Length: > 0 } id ? id
            : admin.ClientId is { Length: > 0 } adminId ? adminId
            : throw new FlyteAdminException(GrpcStatusCode.FAILED_PRECONDITION, HttpStatusCode.OK, "auth discovery",
                "FlyteAdmin's public client config names no client_id; set admin.clientId (FLYTE_CREDENTIALS_CLIENT_ID).");
        Uri redirect = DefaultRedirectUri;
        if (admin.RedirectUri is { Length: > 0 } text && !Uri.TryCreate(text, UriKind.Absolute, out redirect!))
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery",
                $"FlyteAdmin's public client config names a redirect_uri that is not an address: {scrubber.Excerpt(text)}");
        var tokenEndpoint = config.TokenUrl ?? await discovery.EndpointAsync("token_endpoint", m => m.TokenEndpoint, cancellationToken).ConfigureAwait(false);
        return new PublicClient(clientId, config.Scopes.Count > 0 ? config.Scopes : admin.Scopes.ToList(),
            config.Audience is { Length: > 0 } audience ? audience : admin.Audience is { Length: > 0 } adminAudience ? adminAudience : null,
            redirect, tokenEndpoint);
    }
}
