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
    /// The token endpoint Admin names (<c>token_endpoint</c> of its OAuth2 metadata), as text, with where it was read
    /// (for messages); null text when Admin names none.
    /// </summary>
    Task<(string Source, string? TokenEndpoint)> DiscoverTokenEndpointAsync(CancellationToken cancellationToken);

    /// <summary>The header Admin wants the token in (<c>authorization_metadata_key</c>); null when it names none.</summary>
    Task<string?> DiscoverAuthorizationHeaderAsync(CancellationToken cancellationToken);
}
