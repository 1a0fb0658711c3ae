using System.Net;

namespace Flyte.Remote;

/// <summary>gRPC status codes: FlyteAdmin's over gRPC, and those its REST gateway returns in its error bodies.</summary>
public enum GrpcStatusCode
{
    /// <summary>Not an error.</summary>
    OK = 0,
    /// <summary>The operation was cancelled.</summary>
    CANCELLED = 1,
    /// <summary>An unknown error.</summary>
    UNKNOWN = 2,
    /// <summary>The request is invalid (HTTP 400), e.g. a different entity under an existing version.</summary>
    INVALID_ARGUMENT = 3,
    /// <summary>A deadline passed.</summary>
    DEADLINE_EXCEEDED = 4,
    /// <summary>No such entity (HTTP 404).</summary>
    NOT_FOUND = 5,
    /// <summary>The entity exists (HTTP 409); for an identical registration this is success.</summary>
    ALREADY_EXISTS = 6,
    /// <summary>Not allowed (HTTP 403).</summary>
    PERMISSION_DENIED = 7,
    /// <summary>A quota is exhausted.</summary>
    RESOURCE_EXHAUSTED = 8,
    /// <summary>The system is not in a state for this operation.</summary>
    FAILED_PRECONDITION = 9,
    /// <summary>Aborted.</summary>
    ABORTED = 10,
    /// <summary>Out of range.</summary>
    OUT_OF_RANGE = 11,
    /// <summary>Not implemented by the server.</summary>
    UNIMPLEMENTED = 12,
    /// <summary>A server error (HTTP 500).</summary>
    INTERNAL = 13,
    /// <summary>The service is unavailable (HTTP 503).</summary>
    UNAVAILABLE = 14,
    /// <summary>Data loss.</summary>
    DATA_LOSS = 15,
    /// <summary>No or bad credentials (HTTP 401).</summary>
    UNAUTHENTICATED = 16,
}

/// <summary>
/// FlyteAdmin answered with an error (a gRPC status, or the gateway's <c>{"code", "message"}</c>), could not be reached
/// (<see cref="GrpcStatusCode.UNAVAILABLE"/>), or its answer could not be read.
/// </summary>
public class FlyteAdminException : Exception
{
    /// <summary>Creates the error.</summary>
    public FlyteAdminException(GrpcStatusCode code, HttpStatusCode httpStatus, string operation, string serverMessage, Exception? inner = null)
        : base($"FlyteAdmin {operation} failed with {code} (HTTP {(int)httpStatus}): {serverMessage}", inner)
    {
        Code = code;
        HttpStatus = httpStatus;
        Operation = operation;
        ServerMessage = serverMessage;
    }

    /// <summary>Creates the error with a message of its own.</summary>
    protected FlyteAdminException(string message, GrpcStatusCode code, HttpStatusCode httpStatus, string operation, string serverMessage,
        Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        HttpStatus = httpStatus;
        Operation = operation;
        ServerMessage = serverMessage;
    }

    /// <summary>The gRPC status code (from the body, else from the HTTP status).</summary>
    public GrpcStatusCode Code { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode HttpStatus { get; }

    /// <summary>What was asked, e.g. <c>CreateTask project/domain/name/version</c>.</summary>
    public string Operation { get; }

    /// <summary>FlyteAdmin's own message.</summary>
    public string ServerMessage { get; }

    /// <summary>
    /// The error for a gRPC status: the same code, and as <see cref="HttpStatus"/> the status the REST gateway would
    /// have answered (so callers read both transports alike).
    /// </summary>
    public static FlyteAdminException FromGrpc(GrpcStatusCode code, string operation, string serverMessage, Exception? inner = null) =>
        new($"FlyteAdmin {operation} failed with {code} (gRPC): {serverMessage}", code, HttpStatusOf(code), operation, serverMessage, inner);

    /// <summary>The HTTP status grpc-gateway answers for a gRPC code.</summary>
    public static HttpStatusCode HttpStatusOf(GrpcStatusCode code) => code switch
    {
        GrpcStatusCode.OK => HttpStatusCode.OK,
        GrpcStatusCode.CANCELLED => (HttpStatusCode)499,
        GrpcStatusCode.INVALID_ARGUMENT or GrpcStatusCode.FAILED_PRECONDITION or GrpcStatusCode.OUT_OF_RANGE => HttpStatusCode.BadRequest,
        GrpcStatusCode.DEADLINE_EXCEEDED => HttpStatusCode.GatewayTimeout,
        GrpcStatusCode.NOT_FOUND => HttpStatusCode.NotFound,
        GrpcStatusCode.ALREADY_EXISTS or GrpcStatusCode.ABORTED => HttpStatusCode.Conflict,
        GrpcStatusCode.PERMISSION_DENIED => HttpStatusCode.Forbidden,
        GrpcStatusCode.UNAUTHENTICATED => HttpStatusCode.Unauthorized,
        GrpcStatusCode.RESOURCE_EXHAUSTED => HttpStatusCode.TooManyRequests,
        GrpcStatusCode.UNIMPLEMENTED => HttpStatusCode.NotImplemented,
        GrpcStatusCode.UNAVAILABLE => HttpStatusCode.ServiceUnavailable,
        _ => HttpStatusCode.InternalServerError,
    };

    /// <summary>The gRPC code grpc-gateway maps to an HTTP status, for bodies without one.</summary>
    public static GrpcStatusCode CodeOf(HttpStatusCode status) => (int)status switch
    {
        400 => GrpcStatusCode.INVALID_ARGUMENT,
        401 => GrpcStatusCode.UNAUTHENTICATED,
        403 => GrpcStatusCode.PERMISSION_DENIED,
        404 => GrpcStatusCode.NOT_FOUND,
        409 => GrpcStatusCode.ALREADY_EXISTS,
        429 => GrpcStatusCode.RESOURCE_EXHAUSTED,
        499 => GrpcStatusCode.CANCELLED,
        501 => GrpcStatusCode.UNIMPLEMENTED,
        503 => GrpcStatusCode.UNAVAILABLE,
        504 => GrpcStatusCode.DEADLINE_EXCEEDED,
        _ => GrpcStatusCode.INTERNAL,
    };
}

/// <summary>
/// An entity with the same id (project, domain, name, version) but different content is already registered.
/// Registration never updates: bump the version.
/// </summary>
public sealed class FlyteVersionConflictException : FlyteAdminException
{
    /// <summary>Creates the error.</summary>
    public FlyteVersionConflictException(HttpStatusCode httpStatus, string operation, string entity, string serverMessage)
        : base($"FlyteAdmin {operation} failed: {entity} is already registered with different content under this version. " +
               $"Registered entities never change: register with a new version (bump --version). Server said: {serverMessage}",
            GrpcStatusCode.INVALID_ARGUMENT, httpStatus, operation, serverMessage)
    {
        Entity = entity;
    }

    /// <summary>The conflicting entity, <c>TASK project/domain/name@version</c>.</summary>
    public string Entity { get; }
}
