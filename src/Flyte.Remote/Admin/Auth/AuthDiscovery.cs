using System.Net;
using Flyte.Remote.Transport;
using Flyteidl.Service;

namespace Flyte.Remote.Auth;

/// <summary>
/// What Admin says about its authorization server, asked once each and kept: the OAuth2 metadata
/// (<c>AuthMetadataService.GetOAuth2Metadata</c>, REST <c>/.well-known/oauth-authorization-server</c>) and the public
/// client settings (<c>GetPublicClientConfig</c>, REST <c>/config/v1/flyte_client</c>). Callers serialise access.
/// </summary>
internal sealed class AuthDiscovery(AdminConfig config, IAdminTransport transport, SecretScrubber scrubber)
{
    private (string Source, OAuth2MetadataResponse Metadata)? metadata;
    private PublicClientAuthConfigResponse? client;

    /// <summary>The header the token travels in: <see cref="AdminConfig.AuthorizationHeader"/>, else Admin's <c>authorization_metadata_key</c>, else <c>authorization</c>.</summary>
    public async Task<string> HeaderNameAsync(CancellationToken cancellationToken) =>
        config.AuthorizationHeader ??
        ((await ClientAsync(cancellationToken).ConfigureAwait(false)).AuthorizationMetadataKey is { Length: > 0 } key ? key : "authorization");

    /// <summary>Admin's public client settings (client id, redirect URI, scopes, audience).</summary>
    public async Task<PublicClientAuthConfigResponse> ClientAsync(CancellationToken cancellationToken) =>
        client ??= await transport.DiscoverPublicClientConfigAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Admin's OAuth2 metadata and where it was read.</summary>
    public async Task<(string Source, OAuth2MetadataResponse Metadata)> MetadataAsync(CancellationToken cancellationToken) =>
        metadata ??= await transport.DiscoverOAuth2MetadataAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// An endpoint the metadata names (<paramref name="field"/>, e.g. <c>token_endpoint</c>), resolved against Admin's
    /// address, over HTTPS unless <see cref="AdminConfig.Insecure"/>.
    /// </summary>
    /// <exception cref="FlyteAdminException">The metadata names none, or not an http(s) address, or a plain-HTTP one without <c>insecure</c>.</exception>
    public async Task<Uri> EndpointAsync(string field, Func<OAuth2MetadataResponse, string> read, CancellationToken cancellationToken)
    {
        var (source, document) = await MetadataAsync(cancellationToken).ConfigureAwait(false);
        var text = read(document);
        if (text.Length == 0)
            throw new FlyteAdminException(GrpcStatusCode.FAILED_PRECONDITION, HttpStatusCode.OK, "auth discovery",
                $"{source} names no {field}; the identity provider behind FlyteAdmin may not support this auth type.");
        if (!Uri.TryCreate(config.Endpoint, text, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new FlyteAdminException(GrpcStatusCode.INTERNAL, HttpStatusCode.OK, "auth discovery",
                $"{source} names a {field} that is not an http(s) address: {scrubber.Excerpt(text)}");
        if (uri.Scheme == Uri.UriSchemeHttp && !config.Insecure)
            throw new FlyteAdminException(GrpcStatusCode.PERMISSION_DENIED, HttpStatusCode.OK, "auth discovery",
                $"{source} names the plain-HTTP {field} {uri.GetLeftPart(UriPartial.Path)}; tokens are only sent over HTTPS unless admin.insecure is true.");
        return uri;
    }
}
