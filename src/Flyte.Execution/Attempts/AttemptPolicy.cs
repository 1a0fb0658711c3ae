using Flyte.LocalCluster;
using Flyte.Tasks;
using Pb = Flyteidl.Core;

namespace Flyte.Execution;

/// <summary>
/// The attempts of one task, after propeller: which kind a failure is, whether it is retried, and the deadline of each
/// attempt. A <see cref="FlyteRecoverableException"/> and a timeout are retried up to the task's
/// <see cref="TaskMetadata.Retries"/>; a <see cref="FlyteSystemException"/> up to the interpreter's system budget
/// (<see cref="InterpreterOptions.SystemRetries"/>), counted apart; any other error, and a NON_RECOVERABLE
/// <c>error.pb</c>, never. Every interpreter running attempts uses it, for nodes and nested calls alike. Not
/// thread-safe: one per task run.
/// </summary>
public sealed class AttemptPolicy
{
    private readonly TaskSpec task;
    private readonly int systemRetries;
    private int userFailures;
    private int systemFailures;

    /// <summary>The policy for the attempts of <paramref name="task"/> (the declared task: its retries and timeout count, not a stub's).</summary>
    public AttemptPolicy(TaskSpec task, int systemRetries)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegative(systemRetries);
        this.task = task;
        this.systemRetries = systemRetries;
    }

    /// <summary>How long one attempt may run, or null (unbounded).</summary>
    public TimeSpan? Timeout => task.Metadata.Timeout;

    /// <summary>
    /// The deadline of one attempt: a source linked to <paramref name="cancellationToken"/> that cancels after
    /// <see cref="Timeout"/>; null when the task has no timeout (the caller's token is enough).
    /// </summary>
    public CancellationTokenSource? StartDeadline(CancellationToken cancellationToken)
    {
        if (Timeout is not { } timeout) return null;
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        return deadline;
    }

    /// <summary>The error of an attempt that ran past <see cref="Timeout"/>.</summary>
    public FlyteTimeoutException TimedOut() =>
        new(task.Name, Timeout ?? throw new InvalidOperationException($"Task '{task.Name}' has no timeout."));

    /// <summary>Counts a failure of <paramref name="kind"/> and says whether another attempt runs.</summary>
    /// <param name="kind">What failed.</param>
    /// <param name="error">The failure; a <see cref="ContainerTaskException"/> whose <c>error.pb</c> says NON_RECOVERABLE is final whatever its kind.</param>
    public bool Retry(FailureKind kind, Exception error)
    {
        if (error is ContainerTaskException { Error.Kind: Pb.ContainerError.Types.Kind.NonRecoverable }) return false;
        return kind switch
        {
            FailureKind.SystemError => systemFailures++ < systemRetries,
            FailureKind.UserError => false,
            _ => userFailures++ < task.Metadata.Retries,
        };
    }

    /// <summary>The kind of an exception an attempt threw in this process (a timeout is decided by the deadline, not here).</summary>
    public static FailureKind Classify(Exception error) => error switch
    {
        FlyteSystemException => FailureKind.SystemError,
        FlyteRecoverableException => FailureKind.RecoverableUserError,
        _ => FailureKind.UserError,
    };

    /// <summary>The kind of the error an attempt wrote to <c>error.pb</c>: its origin, then its kind.</summary>
    public static FailureKind Classify(Pb.ContainerError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Origin == Pb.ExecutionError.Types.ErrorKind.System ? FailureKind.SystemError
            : error.Kind == Pb.ContainerError.Types.Kind.Recoverable ? FailureKind.RecoverableUserError
            : FailureKind.UserError;
    }

    /// <summary>
    /// The kind of an error FlyteAdmin reports for a node or an execution: a timeout when the node timed out, else user
    /// (recoverable when its code says so) or system.
    /// </summary>
    public static FailureKind Classify(Pb.ExecutionError? error, bool timedOut)
    {
        if (timedOut) return FailureKind.Timeout;
        var code = error?.Code ?? "";
        return error?.Kind == Pb.ExecutionError.Types.ErrorKind.User
            ? code.Contains("Recoverable", StringComparison.OrdinalIgnoreCase) ? FailureKind.RecoverableUserError : FailureKind.UserError
            : FailureKind.SystemError;
    }
}
