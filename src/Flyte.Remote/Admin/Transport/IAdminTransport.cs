using Flyteidl.Service;
using Google.Protobuf;

namespace Flyte.Remote.Transport;

/// <summary>
/// How <see cref="FlyteAdminClient"/> reaches FlyteAdmin: gRPC or the REST gateway. A transport sends one call with
/// the given auth header and turns every failure into a <see cref="FlyteAdminException"/> carrying the gRPC code
/// (scrubbed of secrets); the client above it decides what a code means (already registered, retry, refresh the token).
/// </summary>
internal interface IAdminTransport : IDisposable
{
    /// <summary>Sends <paramref name="request"/>; <paramref name="auth"/> is the header carrying the token, or null.</summary>
    /// <exception cref="FlyteAdminException">Admin answered with an error, or could not be reached (<c>UNAVAILABLE</c>).</exception>
    Task<TResponse> CallAsync<TRequest, TResponse>(AdminCall<TRequest, TResponse> call, TRequest request, (string Name, string Value)? auth,
        string operation, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new();

    /// <summary>
    /// Admin's OAuth2 authorization-server metadata (RFC 8414: token, authorization and device endpoints), with where
    /// it was read (for messages).
    /// </summary>
    Task<(string Source, OAuth2MetadataResponse Metadata)> DiscoverOAuth2MetadataAsync(CancellationToken cancellationToken);

    /// <summary>Admin's public client settings: client id, redirect URI, scopes, audience and the token's header name.</summary>
    Task<PublicClientAuthConfigResponse> DiscoverPublicClientConfigAsync(CancellationToken cancellationToken);
}
