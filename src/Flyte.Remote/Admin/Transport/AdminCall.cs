using Flyteidl.Service;
using Google.Protobuf;
using Grpc.Core;

namespace Flyte.Remote.Transport;

/// <summary>
/// One FlyteAdmin method as both transports call it: the generated gRPC client method, and the REST gateway's HTTP
/// method and path (from the <c>google.api.http</c> annotation of <c>admin.proto</c>). A request whose fields are not
/// in the path travels as the JSON body (POST/DELETE) or is already in the path's query (GET).
/// </summary>
/// <param name="Name">The RPC name, e.g. <c>CreateTask</c>.</param>
/// <param name="Grpc">Calls the method on the generated client.</param>
/// <param name="RestMethod">The gateway's HTTP method.</param>
/// <param name="RestPath">The gateway's path and query for a request (relative to the endpoint, no leading slash).</param>
/// <param name="Idempotent">Whether repeating the call after <c>UNAVAILABLE</c> is harmless (every call but CreateExecution).</param>
internal sealed record AdminCall<TRequest, TResponse>(
    string Name,
    Func<AdminService.AdminServiceClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> Grpc,
    HttpMethod RestMethod,
    Func<TRequest, string> RestPath,
    bool Idempotent = true)
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    /// <summary>Whether the request is the REST body (POST and DELETE) rather than only in the path.</summary>
    public bool HasBody => RestMethod != HttpMethod.Get;
}
