using System.Collections.Immutable;
using Flyte.Tasks;

namespace Flyte.Execution;

/// <summary>What an interpreter does with a task that has no stub.</summary>
public enum UnstubbedTasks
{
    /// <summary>Runs it for real.</summary>
    Run,
    /// <summary>Fails the node, naming the task: every task the test reaches must be stubbed.</summary>
    Fail,
}

/// <summary>
/// Tasks replaced by stubs, by task name, for testing a workflow's wiring without its tasks' side effects. A typed stub
/// still crosses the literal boundary (its inputs and outputs are converted by the task's engine), so a stubbed run
/// catches the same type errors as a real one. Stubs also replace nested calls. Immutable.
/// </summary>
public sealed class TaskStubs
{
    private readonly ImmutableDictionary<string, Func<TaskSpec, TaskSpec>> _stubs;

    private TaskStubs(ImmutableDictionary<string, Func<TaskSpec, TaskSpec>> stubs, UnstubbedTasks unstubbed)
    {
        _stubs = stubs;
        Unstubbed = unstubbed;
    }

    /// <summary>No stubs; every task runs for real.</summary>
    public static TaskStubs None { get; } = new(ImmutableDictionary<string, Func<TaskSpec, TaskSpec>>.Empty, UnstubbedTasks.Run);

    /// <summary>What happens to tasks without a stub.</summary>
    public UnstubbedTasks Unstubbed { get; }

    /// <summary>The same stubs, with tasks that have none failing instead of running.</summary>
    public TaskStubs FailUnstubbed() => new(_stubs, UnstubbedTasks.Fail);

    /// <summary>Replaces the body of the task named <paramref name="taskName"/> with <paramref name="stub"/>, over literals.</summary>
    public TaskStubs Replace(string taskName, Func<LiteralMap, CancellationToken, Task<LiteralMap>> stub) =>
        new(_stubs.SetItem(taskName, original => new TaskSpec(original.Name, original.Interface, (inputs, _, ct) => stub(inputs, ct))), Unstubbed);

    private TaskStubs ReplaceTyped(FlyteTask task, Func<object?[], object?> stub) =>
        new(_stubs.SetItem(task.Name, original => new TaskSpec(original.Name, original.Interface, async (inputs, context, ct) =>
        {
            var args = await task.Shape.FromInputsAsync(task.Name, inputs, task.Engine, ct, context.Services).ConfigureAwait(false);
            return await task.Shape.ToOutputsAsync(stub(args), task.Engine, ct, context.Services).ConfigureAwait(false);
        })), Unstubbed);

    /// <summary>What runs in place of <paramref name="task"/>: its stub, the task itself, or null when unstubbed tasks fail.</summary>
    public TaskSpec? Resolve(TaskSpec task) =>
        _stubs.TryGetValue(task.Name, out var stub) ? stub(task)
        : Unstubbed == UnstubbedTasks.Run ? task
        : null;

    /// <summary>What runs for <paramref name="declared"/> in execution <paramref name="executionId"/>: its stub or itself.</summary>
    /// <exception cref="WorkflowNodeFailedException">Unstubbed tasks are set to fail and it has no stub.</exception>
    public TaskSpec ResolveOrFail(TaskSpec declared, string executionId) =>
        Resolve(declared) ?? throw new WorkflowNodeFailedException(executionId, declared.Name, 0, FailureKind.UserError,
            new InvalidOperationException($"Task '{declared.Name}' has no stub, and unstubbed tasks are set to fail."));

    /// <summary>Replaces <paramref name="task"/> (matched by name) with a typed stub.</summary>
    public TaskStubs Replace<TResult>(FlyteTask<TResult> task, Func<TResult> stub) => ReplaceTyped(task, a => stub());

    /// <summary>Replaces <paramref name="task"/> (matched by name) with a typed stub.</summary>
    public TaskStubs Replace<T1, TResult>(FlyteTask<T1, TResult> task, Func<T1, TResult> stub) => ReplaceTyped(task, a => stub((T1)a[0]!));

    /// <summary>Replaces <paramref name="task"/> (matched by name) with a typed stub.</summary>
    public TaskStubs Replace<T1, T2, TResult>(FlyteTask<T1, T2, TResult> task, Func<T1, T2, TResult> stub) => ReplaceTyped(task, a => stub((T1)a[0]!, (T2)a[1]!));

    /// <summary>Replaces <paramref name="task"/> (matched by name) with a typed stub.</summary>
    public TaskStubs Replace<T1, T2, T3, TResult>(FlyteTask<T1, T2, T3, TResult> task, Func<T1, T2, T3, TResult> stub) => ReplaceTyped(task, a => stub((T1)a[0]!, (T2)a[1]!, (T3)a[2]!));

}
