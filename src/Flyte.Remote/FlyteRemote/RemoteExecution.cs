using Core = Flyteidl.Core;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;

namespace Flyte.Remote;

/// <summary>
/// An execution on FlyteAdmin as last seen (flytekit's <c>FlyteWorkflowExecution</c>): its id, phase and error, and
/// what was executed. A snapshot: <see cref="FlyteRemote.WaitAsync"/> and <see cref="FlyteRemote.SyncAsync"/> return
/// newer ones. Outputs are read typed once it has succeeded.
/// </summary>
public sealed class RemoteExecution
{
    private readonly FlyteRemote remote;

    internal RemoteExecution(FlyteRemote remote, Flyteidl.Admin.Execution admin, RemoteEntity? entity)
    {
        this.remote = remote;
        Admin = admin;
        Entity = entity;
    }

    /// <summary>Project, domain and name.</summary>
    public Core.WorkflowExecutionIdentifier Id => Admin.Id;

    /// <summary>The phase when this snapshot was taken.</summary>
    public Phase Phase => Admin.Closure?.Phase ?? Phase.Undefined;

    /// <summary>Whether the execution has ended: SUCCEEDED, FAILED, ABORTED or TIMED_OUT.</summary>
    public bool IsDone => RemoteInterpreter.IsTerminal(Phase);

    /// <summary>Flyte's error when the execution failed; null otherwise.</summary>
    public Core.ExecutionError? Error => Admin.Closure?.Error;

    /// <summary>What was executed (the launch plan or task), with the interface its outputs are typed by; null when Admin's answer did not say.</summary>
    public RemoteEntity? Entity { get; }

    /// <summary>What Admin answered.</summary>
    public Flyteidl.Admin.Execution Admin { get; }

    /// <summary>The outputs as Flyte literals (read from the blob store when Admin returns them by URL).</summary>
    /// <exception cref="InvalidOperationException">The execution has not succeeded.</exception>
    public Task<LiteralMap> GetOutputsAsync(CancellationToken cancellationToken = default) => remote.GetOutputsAsync(this, cancellationToken);

    /// <summary>The output <paramref name="name"/> (<c>o0</c> for a task's first) converted to <typeparamref name="T"/> by the remote's type engine.</summary>
    /// <exception cref="KeyNotFoundException">The execution has no output of that name.</exception>
    /// <exception cref="Types.TypeTransformerException">The output is not a <typeparamref name="T"/>.</exception>
    public Task<T> GetOutputAsync<T>(string name, CancellationToken cancellationToken = default) => remote.GetOutputAsync<T>(this, name, cancellationToken);

    /// <summary><c>project/domain/name (PHASE)</c>.</summary>
    public override string ToString() => $"{Id.Project}/{Id.Domain}/{Id.Name} ({Phase})";
}
