using Flyte.Types;

namespace Flyte.Tasks;

/// <summary>
/// A task as a value: its name, version, interface and metadata, and an executor working on literal maps. Interpreters
/// only ever see this shape, so a task written in C#, F# or known only by its interface runs the same way.
/// <para>
/// Equality is by name, version, interface and metadata: the executor and middleware are the implementation, just as
/// a Flyte <c>TaskTemplate</c> identifies its code by id, so the same function defined twice gives equal specs.
/// </para>
/// </summary>
public sealed class TaskSpec : IEquatable<TaskSpec>
{
    /// <summary>Creates a task.</summary>
    /// <param name="name">The task name (e.g. <c>process_batch</c>).</param>
    /// <param name="interface">Inputs and outputs.</param>
    /// <param name="executor">Runs the task on literal inputs and returns literal outputs.</param>
    public TaskSpec(string name, TypedInterface @interface, Func<LiteralMap, TaskExecutionContext, CancellationToken, Task<LiteralMap>> executor)
        : this(name, "", @interface, TaskMetadata.Default, executor, ValueList<ITaskMiddleware>.Empty) { }

    private TaskSpec(string name, string version, TypedInterface @interface, TaskMetadata metadata,
        Func<LiteralMap, TaskExecutionContext, CancellationToken, Task<LiteralMap>> executor, ValueList<ITaskMiddleware> middleware)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A task needs a name.", nameof(name));
        Name = name;
        Version = version;
        Interface = @interface;
        Metadata = metadata;
        Executor = executor;
        Middleware = middleware;
    }

    /// <summary>The task name.</summary>
    public string Name { get; }

    /// <summary>The version registered with; empty until a registration step assigns one.</summary>
    public string Version { get; }

    /// <summary>Inputs and outputs, in order.</summary>
    public TypedInterface Interface { get; }

    /// <summary>Retries, timeout, caching and the rest.</summary>
    public TaskMetadata Metadata { get; }

    /// <summary>The task body over literals, without middleware.</summary>
    public Func<LiteralMap, TaskExecutionContext, CancellationToken, Task<LiteralMap>> Executor { get; }

    /// <summary>Wrappers around the body; the first is the outermost (see <see cref="WithMiddleware"/>).</summary>
    public ValueList<ITaskMiddleware> Middleware { get; }

    /// <summary>The same task under another name.</summary>
    public TaskSpec WithName(string name) => new(name, Version, Interface, Metadata, Executor, Middleware);

    /// <summary>The same task with another version.</summary>
    public TaskSpec WithVersion(string version) => new(Name, version, Interface, Metadata, Executor, Middleware);

    /// <summary>The same task with other metadata.</summary>
    public TaskSpec WithMetadata(TaskMetadata metadata) => new(Name, Version, Interface, metadata, Executor, Middleware);

    /// <summary>The same task with its metadata changed by <paramref name="change"/>.</summary>
    public TaskSpec WithMetadata(Func<TaskMetadata, TaskMetadata> change) => WithMetadata(change(Metadata));

    /// <summary>
    /// The same task wrapped in more middleware. Middleware runs in the order it was added: the first added is the
    /// outermost (it sees the call first and the result last), like decorators written top-down above a function.
    /// Middleware added by a later call sits inside the middleware added before.
    /// </summary>
    public TaskSpec WithMiddleware(params ITaskMiddleware[] middleware)
    {
        var all = Middleware;
        foreach (var m in middleware) all = all.Add(m);
        return new(Name, Version, Interface, Metadata, Executor, all);
    }

    /// <summary>Runs the task: middleware outermost first, then the body. Interpreters call this once per attempt.</summary>
    public Task<LiteralMap> ExecuteAsync(LiteralMap inputs, TaskExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (Middleware.Count == 0) return Executor(inputs, context, cancellationToken);
        TaskHandler handler = invocation => Executor(invocation.Inputs, invocation.Context, invocation.CancellationToken);
        for (var i = Middleware.Count - 1; i >= 0; i--)
        {
            var (middleware, next) = (Middleware[i], handler);
            handler = invocation => middleware.InvokeAsync(invocation, next);
        }
        return handler(new TaskInvocation(this, inputs, context, cancellationToken));
    }

    /// <inheritdoc />
    public bool Equals(TaskSpec? other) =>
        other is not null && Name == other.Name && Version == other.Version && Interface == other.Interface && Metadata == other.Metadata;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TaskSpec);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Version, Interface, Metadata);

    /// <inheritdoc />
    public override string ToString() => $"task {Name}{Interface}";
}

/// <summary>One call of a task as middleware sees it.</summary>
/// <param name="Task">The task called.</param>
/// <param name="Inputs">Its inputs, as literals.</param>
/// <param name="Context">Where it runs.</param>
/// <param name="CancellationToken">Cancelled on timeout or when the workflow fails.</param>
public sealed record TaskInvocation(TaskSpec Task, LiteralMap Inputs, TaskExecutionContext Context, CancellationToken CancellationToken)
{
    /// <summary>The input <paramref name="name"/> as a .NET value.</summary>
    public ValueTask<T> InputAsync<T>(string name, TypeEngine engine) =>
        Inputs.Literals.TryGetValue(name, out var literal)
            ? engine.ToValueAsync<T>(literal)
            : throw new KeyNotFoundException($"Task '{Task.Name}' has no input '{name}'.");
}

/// <summary>The rest of the pipeline, as seen from a middleware.</summary>
public delegate Task<LiteralMap> TaskHandler(TaskInvocation invocation);

/// <summary>
/// A wrapper around a task's execution: the .NET form of a decorator stacked under <c>@task</c>. It sees the inputs,
/// decides whether and how to call <c>next</c>, and sees (or replaces) the outputs.
/// </summary>
public interface ITaskMiddleware
{
    /// <summary>Handles one call; <paramref name="next"/> runs the inner middleware and finally the task body.</summary>
    Task<LiteralMap> InvokeAsync(TaskInvocation invocation, TaskHandler next);
}

/// <summary>Makes middleware from delegates.</summary>
public static class TaskMiddleware
{
    /// <summary>Middleware that runs <paramref name="invoke"/> around the rest of the pipeline.</summary>
    public static ITaskMiddleware Create(Func<TaskInvocation, TaskHandler, Task<LiteralMap>> invoke) => new DelegateMiddleware(invoke);

    /// <summary>Middleware that runs <paramref name="before"/> and <paramref name="after"/> around the rest of the pipeline.</summary>
    public static ITaskMiddleware Around(Action<TaskInvocation> before, Action<TaskInvocation, LiteralMap> after) =>
        Create(async (invocation, next) =>
        {
            before(invocation);
            var outputs = await next(invocation).ConfigureAwait(false);
            after(invocation, outputs);
            return outputs;
        });

    private sealed class DelegateMiddleware(Func<TaskInvocation, TaskHandler, Task<LiteralMap>> invoke) : ITaskMiddleware
    {
        public Task<LiteralMap> InvokeAsync(TaskInvocation invocation, TaskHandler next) => invoke(invocation, next);
    }
}
