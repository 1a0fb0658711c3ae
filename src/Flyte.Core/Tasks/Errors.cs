namespace Flyte.Tasks;

/// <summary>
/// A user error worth retrying (a flaky service, a lost connection): thrown from a task body, it makes the interpreter
/// retry the attempt up to <see cref="TaskMetadata.Retries"/> times. Any other exception from user code fails the node at once,
/// as Flyte's NON_RECOVERABLE user errors do.
/// </summary>
public class FlyteRecoverableException : Exception, IFlyteErrorCode
{
    /// <summary>Creates the error.</summary>
    public FlyteRecoverableException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary><c>USER:Recoverable</c>, the code of flytekit's <c>FlyteRecoverableException</c>.</summary>
    public virtual string ErrorCode => "USER:Recoverable";
}

/// <summary>
/// An exception that names its own <c>error.pb</c> code (flytekit reads an <c>error_code</c> off a user exception):
/// without it, a user error's code is <see cref="ContainerErrors.UserRuntimeError"/>.
/// </summary>
public interface IFlyteErrorCode
{
    /// <summary>The code, e.g. <c>USER:Recoverable</c> or <c>USER:QuotaExceeded</c>.</summary>
    string ErrorCode { get; }
}

/// <summary>
/// A failure of the platform rather than of user code (storage, transport). Retried under the interpreter's own
/// system-retry budget, independent of <see cref="TaskMetadata.Retries"/>.
/// </summary>
public class FlyteSystemException : Exception
{
    /// <summary>Creates the error.</summary>
    public FlyteSystemException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>An attempt ran past <see cref="TaskMetadata.Timeout"/> and was cancelled; recoverable, like Flyte's <c>TimeoutExpired</c>.</summary>
public sealed class FlyteTimeoutException : FlyteRecoverableException
{
    /// <summary>Creates the error for a task and its timeout.</summary>
    public FlyteTimeoutException(string task, TimeSpan timeout)
        : base($"Task '{task}' exceeded its timeout of {timeout} and was cancelled.") => Timeout = timeout;

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    /// <summary><c>USER:Timeout</c>, the code of flytekit's <c>FlyteTimeout</c>.</summary>
    public override string ErrorCode => "USER:Timeout";
}

/// <summary>Task outputs with no values: the result of a task whose body returns nothing.</summary>
public readonly record struct NoOutputs;
