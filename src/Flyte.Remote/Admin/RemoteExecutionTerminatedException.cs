using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>
/// The run was cancelled (Ctrl-C on <c>flyte run --remote</c>) while its execution was running on the cluster, and
/// the interpreter asked FlyteAdmin to terminate it (<see cref="Terminated"/> says whether Admin accepted).
/// </summary>
public sealed class RemoteExecutionTerminatedException : OperationCanceledException
{
    /// <summary>Creates the error.</summary>
    public RemoteExecutionTerminatedException(Core.WorkflowExecutionIdentifier execution, Exception? refusal, CancellationToken token)
        : base(refusal is null
            ? $"Cancelled: execution {execution.Project}/{execution.Domain}/{execution.Name} was terminated on FlyteAdmin (TerminateExecution)."
            : $"Cancelled, but execution {execution.Project}/{execution.Domain}/{execution.Name} could not be terminated and may still be running: {refusal.Message}",
            refusal, token)
    {
        Execution = execution;
    }

    /// <summary>The execution.</summary>
    public Core.WorkflowExecutionIdentifier Execution { get; }

    /// <summary>Whether FlyteAdmin accepted the termination.</summary>
    public bool Terminated => InnerException is null;
}
