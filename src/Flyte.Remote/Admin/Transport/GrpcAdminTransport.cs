using Flyteidl.Service;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Flyte.Remote.Transport;

/// <summary>
/// FlyteAdmin over gRPC (<c>flyteidl.service.AdminService</c>, the client generated from flyteidl's
/// <c>admin.proto</c>): HTTP/2 over the client's HTTP client, cleartext (h2c) for an <c>http://</c> endpoint. The
/// token travels as call metadata under Admin's header name; auth discovery asks <c>AuthMetadataService</c>.
/// </summary>
internal sealed class GrpcAdminTransport : IAdminTransport
{
    private readonly GrpcChannel channel;
    private readonly AdminService.AdminServiceClient admin;
    private readonly AuthMetadataService.AuthMetadataServiceClient auth;
    private readonly SecretScrubber scrubber;
    private readonly string where;

    public GrpcAdminTransport(AdminConfig config, HttpClient http, SecretScrubber scrubber)
    {
        channel = GrpcChannel.ForAddress(config.Endpoint, new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = false });
        admin = new AdminService.AdminServiceClient(channel);
        auth = new AuthMetadataService.AuthMetadataServiceClient(channel);
        this.scrubber = scrubber;
        where = config.Endpoint.GetLeftPart(UriPartial.Authority);
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(AdminCall<TRequest, TResponse> call, TRequest request,
        (string Name, string Value)? token, string operation, CancellationToken cancellationToken)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var headers = new Metadata();
        if (token is { } header)
            headers.Add(header.Name, header.Value);
        return await Guard(operation, () => call.Grpc(admin, request, new CallOptions(headers, cancellationToken: cancellationToken)).ResponseAsync,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<(string Source, OAuth2MetadataResponse Metadata)> DiscoverOAuth2MetadataAsync(CancellationToken cancellationToken) =>
        ($"AuthMetadataService.GetOAuth2Metadata at {where}", await Guard("auth discovery",
            () => auth.GetOAuth2MetadataAsync(new OAuth2MetadataRequest(), cancellationToken: cancellationToken).ResponseAsync, cancellationToken).ConfigureAwait(false));

    public Task<PublicClientAuthConfigResponse> DiscoverPublicClientConfigAsync(CancellationToken cancellationToken) =>
        Guard("auth discovery",
            () => auth.GetPublicClientConfigAsync(new PublicClientAuthConfigRequest(), cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    public void Dispose() => channel.Dispose();

    /// <summary>
    /// Runs a call; a gRPC status becomes a <see cref="FlyteAdminException"/> with the same code and a scrubbed excerpt
    /// of its detail, except a call cancelled by <paramref name="cancellationToken"/>, which is an <see cref="OperationCanceledException"/> as in .NET.
    /// </summary>
    private async Task<T> Guard<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"FlyteAdmin {operation} was cancelled.", cancellationToken);
        }
        catch (RpcException e)
        {
            // The RpcException is not kept as the inner exception: its message repeats the detail unscrubbed.
            var detail = e.StatusCode == StatusCode.Unavailable ? $"FlyteAdmin at {where} cannot be reached or is unavailable: {e.Status.Detail}" : e.Status.Detail;
            throw FlyteAdminException.FromGrpc((GrpcStatusCode)(int)e.StatusCode, operation,
                detail.Length == 0 ? $"{e.StatusCode} without a message" : scrubber.Excerpt(detail));
        }
    }
}
