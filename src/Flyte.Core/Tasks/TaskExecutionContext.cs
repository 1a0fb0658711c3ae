using System.Collections.Immutable;

namespace Flyte.Tasks;

/// <summary>
/// Where one attempt of a task runs: its place in the execution, the attempt number, and the way to run child tasks.
/// While a task body runs, <see cref="Current"/> is its context, so a nested call (<c>predictOne.CallAsync(r)</c>)
/// becomes a child action of the running task, run by the same interpreter, instead of a plain function call.
/// </summary>
public sealed class TaskExecutionContext
{
    private static readonly AsyncLocal<TaskExecutionContext?> CurrentContext = new();
    private readonly ChildRunner? _runChild;
    private ImmutableList<ChildAction> _children = ImmutableList<ChildAction>.Empty;
    private int _nextChild;

    /// <summary>Runs a child task for a parent context; supplied by the interpreter.</summary>
    public delegate Task<LiteralMap> ChildRunner(TaskSpec task, LiteralMap inputs, TaskExecutionContext child, CancellationToken cancellationToken);

    /// <summary>Runs the workflow a dynamic task built on its inputs and returns its outputs; supplied by the interpreter.</summary>
    public delegate Task<LiteralMap> DynamicRunner(Flyte.Workflows.WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken);

    /// <summary>Creates a context.</summary>
    /// <param name="executionId">Where in the execution this is: a node id (<c>n0</c>) or a child id (<c>n0-c1</c>).</param>
    /// <param name="attempt">The attempt number, from 1.</param>
    /// <param name="runChild">How nested calls run; null runs them in place through the literal boundary.</param>
    public TaskExecutionContext(string executionId, int attempt = 1, ChildRunner? runChild = null)
    {
        ExecutionId = executionId;
        Attempt = attempt;
        _runChild = runChild;
    }

    /// <summary>The context of the task running on this asynchronous flow, or null outside any task.</summary>
    public static TaskExecutionContext? Current => CurrentContext.Value;

    /// <summary>A node id (<c>n0</c>), a child id (<c>n0-c1</c>), or <c>local</c> for a task called outside an interpreter.</summary>
    public string ExecutionId { get; }

    /// <summary>The attempt number, from 1.</summary>
    public int Attempt { get; internal set; }

    /// <summary>
    /// Services the task's values need at its boundary (e.g. the <c>OffloadContext</c> files and opaque objects are
    /// written through), put in every transformer context of this task and handed on to its child actions.
    /// </summary>
    public Flyte.Types.ServiceMap Services { get; init; } = Flyte.Types.ServiceMap.Empty;

    /// <summary>
    /// How a dynamic task's built workflow runs (its nodes become sub-nodes of this one); null where no interpreter
    /// runs workflows (then a dynamic task fails, naming itself).
    /// </summary>
    public DynamicRunner? RunDynamic { get; init; }

    /// <summary>
    /// Whether a dynamic task hands back the workflow it built instead of running it, as in a container: the body then
    /// returns no outputs and leaves the workflow in <see cref="DynamicJob"/> (the entrypoint writes it as <c>futures.pb</c>
    /// for the platform to run). Takes precedence over <see cref="RunDynamic"/>.
    /// </summary>
    public bool DeferDynamic { get; init; }

    /// <summary>The workflow a dynamic task built and the inputs it runs on, when <see cref="DeferDynamic"/>; otherwise null.</summary>
    public DynamicJob? DynamicJob { get; internal set; }

    /// <summary>The child actions started by this attempt, in the order they started.</summary>
    public IReadOnlyList<ChildAction> Children => _children;

    /// <summary>
    /// Runs <paramref name="task"/> as a child action of this one. The child gets its own id and context; its inputs and
    /// outputs are recorded in <see cref="Children"/>.
    /// </summary>
    public async Task<LiteralMap> CallChildAsync(TaskSpec task, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        var index = Interlocked.Increment(ref _nextChild) - 1;
        var id = $"{ExecutionId}-c{index}";
        var child = new TaskExecutionContext(id, 1, _runChild) { Services = Services };
        LiteralMap? outputs = null;
        Exception? error = null;
        try
        {
            outputs = _runChild is null
                ? await child.RunAsync(task, inputs, cancellationToken).ConfigureAwait(false)
                : await _runChild(task, inputs, child, cancellationToken).ConfigureAwait(false);
            return outputs;
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            ImmutableInterlocked.Update(ref _children,
                list => list.Add(new ChildAction(id, index, task.Name, inputs, outputs, error, child.Children)));
        }
    }

    /// <summary>Runs <paramref name="task"/> (middleware and body) with this as the <see cref="Current"/> context.</summary>
    public Task<LiteralMap> RunAsync(TaskSpec task, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        // An async local set inside this method's own flow does not leak back to the caller.
        return Run();

        async Task<LiteralMap> Run()
        {
            CurrentContext.Value = this;
            await Task.Yield();
            return await task.ExecuteAsync(inputs, this, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The workflow a dynamic task built, handed back instead of run (see <see cref="TaskExecutionContext.DeferDynamic"/>).</summary>
/// <param name="Workflow">The workflow the body built.</param>
/// <param name="Inputs">Its inputs: the task's inputs of the same names.</param>
public sealed record DynamicJob(Flyte.Workflows.WorkflowSpec Workflow, LiteralMap Inputs);

/// <summary>A task run as a child of another (a nested call), with what went in and what came out.</summary>
/// <param name="Id">The child id: the parent's id, <c>-c</c>, and the start index.</param>
/// <param name="Index">Start order among the parent's children.</param>
/// <param name="TaskName">The task run.</param>
/// <param name="Inputs">Its inputs as literals.</param>
/// <param name="Outputs">Its outputs as literals; null when it failed.</param>
/// <param name="Error">Its error; null when it succeeded.</param>
/// <param name="Children">Its own child actions.</param>
public sealed record ChildAction(string Id, int Index, string TaskName, LiteralMap Inputs, LiteralMap? Outputs, Exception? Error,
    IReadOnlyList<ChildAction> Children);
