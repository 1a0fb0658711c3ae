using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>
/// Gives a <see cref="WorkflowSpec"/> meaning by running it. Every interpreter (local, local cluster, remote) passes the
/// same behaviour suite: values cross every edge as literals, independent nodes run concurrently, recoverable errors and
/// timeouts are retried, teardown runs even on failure.
/// </summary>
public interface IWorkflowInterpreter
{
    /// <summary>The engine converting typed inputs and outputs.</summary>
    TypeEngine Engine { get; }

    /// <summary>
    /// Services the interpreter's tasks convert their values with (e.g. the <see cref="Types.Offloaded.OffloadContext"/> of
    /// files and opaque objects); typed inputs and outputs of a run are converted with them too. None by default.
    /// </summary>
    ServiceMap Services => ServiceMap.Empty;

    /// <summary>Runs <paramref name="workflow"/> on <paramref name="inputs"/>.</summary>
    /// <exception cref="WorkflowNodeFailedException">A node failed; it is named, and its error is the inner exception.</exception>
    Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken = default);
}

/// <summary>Settings shared by interpreters. Immutable.</summary>
public sealed record InterpreterOptions
{
    /// <summary>Built-in transformers, all processors, three system retries, no stubs.</summary>
    public static InterpreterOptions Default { get; } = new();

    /// <summary>Converts typed workflow inputs and outputs. Default: <see cref="TypeEngine.Default"/>.</summary>
    public TypeEngine Engine { get; init; } = TypeEngine.Default;

    /// <summary>
    /// How many task attempts run at once across the whole execution (sub-workflows included). Nested child calls run on
    /// their parent's slot, so a parent waiting for its children cannot starve them. Default: the processor count.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The retry budget for system errors (<see cref="FlyteSystemException"/>), separate from a task's own retries, as in propeller. Default: 3.</summary>
    public int SystemRetries { get; init; } = 3;

    /// <summary>Tasks replaced by stubs, by name; see <see cref="TaskStubs"/>.</summary>
    public TaskStubs Stubs { get; init; } = TaskStubs.None;

    /// <summary>
    /// Told of every node's progress (queued, running, succeeded, failed, cached), for live views and logs. Called on the
    /// interpreter's threads, possibly concurrently; keep it quick and thread-safe. Null: nobody listens.
    /// </summary>
    public Action<NodeEvent>? Observer { get; init; }

    /// <summary>
    /// Where files, directories, datasets and opaque objects are written when they leave a task and read from when they
    /// enter one. Null (the default): a local sandbox under the system temp folder (<c>flyte/local</c>), keeping local
    /// paths of files and directories as flytekit does in local runs.
    /// </summary>
    public Types.Offloaded.OffloadContext? Offload { get; init; }

    /// <summary>The SQLite file of the task cache (tasks with <see cref="TaskMetadata.Cache"/> enabled). Default: <c>~/.flyte/cache.db</c>.</summary>
    public string CachePath { get; init; } = SqliteTaskCache.DefaultPath;

    /// <summary>How the task cache is used. Default: <see cref="CacheMode.ReadWrite"/>.</summary>
    public CacheMode Cache { get; init; } = CacheMode.ReadWrite;
}

/// <summary>Where a node (or a child action, whose id is its parent's id plus <c>-c</c><i>n</i>) stands.</summary>
public enum NodeStatus
{
    /// <summary>Waiting for its upstream nodes.</summary>
    Queued,
    /// <summary>An attempt is running.</summary>
    Running,
    /// <summary>Finished with outputs.</summary>
    Succeeded,
    /// <summary>Failed for good (after its retries).</summary>
    Failed,
    /// <summary>Served from a cache without running (interpreters with a cache report it).</summary>
    Cached,
}

/// <summary>A node's progress: its execution id, the task or workflow it runs, its status and attempt.</summary>
public sealed record NodeEvent(string NodeId, string Name, NodeStatus Status, int Attempt = 1, string? Message = null);

/// <summary>The outputs of a run and what happened on the way.</summary>
/// <param name="Outputs">The workflow outputs as literals (<c>o0</c>, <c>o1</c>…).</param>
/// <param name="Nodes">One record per node that ran (setup first, teardown last).</param>
public sealed record WorkflowResult(LiteralMap Outputs, IReadOnlyList<NodeExecution> Nodes)
{
    /// <summary>The record of node <paramref name="id"/>.</summary>
    public NodeExecution Node(string id) =>
        Nodes.FirstOrDefault(n => n.NodeId == id) ?? throw new KeyNotFoundException($"Node {id} did not run.");
}

/// <summary>What one node did.</summary>
/// <param name="NodeId">The node id, prefixed by the parent node's for nodes of sub-workflows (<c>n1/n0</c>).</param>
/// <param name="Name">The task or workflow run.</param>
/// <param name="Attempts">How many attempts it took.</param>
/// <param name="Inputs">Its resolved inputs.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="Children">Child actions started by the task (nested calls), in start order.</param>
/// <param name="SubNodes">For a sub-workflow node, the records of its own nodes.</param>
public sealed record NodeExecution(string NodeId, string Name, int Attempts, LiteralMap Inputs, LiteralMap Outputs,
    IReadOnlyList<ChildAction> Children, IReadOnlyList<NodeExecution> SubNodes)
{
    /// <summary>Whether the node ran or its outputs came from the cache (then <see cref="Attempts"/> is 0).</summary>
    public NodeStatus Status { get; init; } = NodeStatus.Succeeded;

    /// <summary>
    /// The workflow a dynamic task built and ran at this node (its nodes are the <see cref="SubNodes"/>); null for any
    /// other node. FlyteAdmin reports such a node as a parent node with <c>is_dynamic</c>.
    /// </summary>
    public Flyte.Workflows.WorkflowSpec? DynamicWorkflow { get; init; }

    /// <summary>Whether this node ran a dynamic task's workflow.</summary>
    public bool IsDynamic => DynamicWorkflow is not null;
}

/// <summary>The kinds of failure, after Flyte's (user or system; recoverable or not).</summary>
public enum FailureKind
{
    /// <summary>An error in user code; not retried.</summary>
    UserError,
    /// <summary>A <see cref="FlyteRecoverableException"/>; retried up to the task's retries.</summary>
    RecoverableUserError,
    /// <summary>The attempt ran past its timeout; retried like a recoverable user error.</summary>
    Timeout,
    /// <summary>A platform failure: a <see cref="FlyteSystemException"/> (retried up to the interpreter's system budget) or an unresolvable binding (not retried).</summary>
    SystemError,
}

/// <summary>A node failed. Names the node and task; the task's own exception is the <see cref="Exception.InnerException"/>.</summary>
public sealed class WorkflowNodeFailedException : Exception
{
    /// <summary>Creates the error.</summary>
    public WorkflowNodeFailedException(string nodeId, string name, int attempts, FailureKind kind, Exception inner)
        : base($"Node {nodeId} ('{name}') failed after {attempts} attempt(s) with {Describe(kind)}: {inner.Message}", inner)
    {
        NodeId = nodeId;
        Name = name;
        Attempts = attempts;
        Kind = kind;
    }

    /// <summary>The failed node (or child action) id.</summary>
    public string NodeId { get; }

    /// <summary>The task or workflow it ran.</summary>
    public string Name { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }

    /// <summary>The kind of the last failure.</summary>
    public FailureKind Kind { get; }

    private static string Describe(FailureKind kind) => kind switch
    {
        FailureKind.UserError => "a user error",
        FailureKind.RecoverableUserError => "a recoverable user error",
        FailureKind.Timeout => "a timeout",
        _ => "a system error",
    };
}

/// <summary>Typed front doors for any interpreter.</summary>
public static class InterpreterExtensions
{
    /// <summary>
    /// Runs <paramref name="workflow"/> with inputs taken from the public properties of <paramref name="inputs"/>
    /// (<c>new { batch = request }</c>) or from a dictionary, each converted to its workflow input's type.
    /// </summary>
    public static async Task<WorkflowResult> RunAsync(this IWorkflowInterpreter interpreter, WorkflowSpec workflow, object inputs,
        CancellationToken cancellationToken = default)
    {
        var values = inputs switch
        {
            LiteralMap map => null,
            IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(kv => (kv.Key, kv.Value, kv.Value?.GetType())).ToList(),
            _ => inputs.GetType().GetProperties().Select(p => (p.Name, p.GetValue(inputs), (Type?)p.PropertyType)).ToList(),
        };
        if (values is null) return await interpreter.RunAsync(workflow, (LiteralMap)inputs, cancellationToken).ConfigureAwait(false);
        var literals = ValueMap<Literal>.Empty;
        var context = new TransformerContext(interpreter.Engine) { CancellationToken = cancellationToken, Services = interpreter.Services };
        foreach (var (name, value, type) in values)
        {
            if (workflow.Interface.Input(name) is null)
                throw new ArgumentException($"Workflow '{workflow.Name}' has no input '{name}' (its inputs: {string.Join(", ", workflow.Interface.Inputs)}).");
            try
            {
                literals = literals.SetItem(name, await interpreter.Engine.ToLiteralAsync(value, type ?? typeof(object), context).ConfigureAwait(false));
            }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return await interpreter.RunAsync(workflow, new LiteralMap(literals), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="workflow"/> and converts its outputs to <typeparamref name="TResult"/> (one output, or a tuple of them).</summary>
    public static async Task<TResult> RunAsync<TResult>(this IWorkflowInterpreter interpreter, WorkflowSpec workflow, object inputs,
        CancellationToken cancellationToken = default)
    {
        var result = await interpreter.RunAsync(workflow, inputs, cancellationToken).ConfigureAwait(false);
        return await result.OutputsAsync<TResult>(interpreter.Engine, cancellationToken, interpreter.Services).ConfigureAwait(false);
    }

    /// <summary>The outputs converted to <typeparamref name="TResult"/>: one output, or a tuple of them in order.</summary>
    public static Task<TResult> OutputsAsync<TResult>(this WorkflowResult result, TypeEngine engine, CancellationToken cancellationToken = default) =>
        result.OutputsAsync<TResult>(engine, cancellationToken, null);

    /// <summary>The outputs converted to <typeparamref name="TResult"/> with the services of <paramref name="interpreter"/> (files, opaque objects).</summary>
    public static Task<TResult> OutputsAsync<TResult>(this WorkflowResult result, IWorkflowInterpreter interpreter, CancellationToken cancellationToken = default) =>
        result.OutputsAsync<TResult>(interpreter.Engine, cancellationToken, interpreter.Services);

    private static async Task<TResult> OutputsAsync<TResult>(this WorkflowResult result, TypeEngine engine, CancellationToken cancellationToken, ServiceMap? services)
    {
        var shape = TaskShape.Of([], typeof(TResult), engine);
        return (TResult)(await shape.FromOutputsAsync("the workflow", result.Outputs, engine, cancellationToken, services).ConfigureAwait(false))!;
    }
}
