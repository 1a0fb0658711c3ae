using System.Reflection;
using System.Runtime.CompilerServices;
using Flyte.Types;

namespace Flyte.Tasks;

/// <summary>
/// A typed task: a <see cref="TaskSpec"/> plus the .NET types of its inputs and outputs. Define one with
/// <c>FlyteTask.Define("predict_one", (InferenceRequest request) => …)</c>: inputs are named after the body's parameters,
/// outputs are <c>o0</c>, <c>o1</c>… (a tuple result gives one output per element), and the body may be synchronous or return
/// <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>. A trailing <see cref="CancellationToken"/> parameter is
/// not an input: it is cancelled on timeout.
/// </summary>
public abstract partial class FlyteTask
{
    private protected FlyteTask(TaskSpec spec, TypeEngine engine, TaskShape shape)
    {
        Spec = spec;
        Engine = engine;
        Shape = shape;
    }

    /// <summary>The task as a value, for workflows and interpreters.</summary>
    public TaskSpec Spec { get; }

    /// <summary>The engine converting this task's values at its boundary.</summary>
    public TypeEngine Engine { get; }

    /// <summary>The task name.</summary>
    public string Name => Spec.Name;

    internal TaskShape Shape { get; }

    /// <summary>
    /// Calls the task through the literal boundary. Inside a running task this is a child action of that task, run by the
    /// same interpreter (stubs, retries and timeouts apply); elsewhere it runs here.
    /// </summary>
    private protected async Task<TResult> CallCoreAsync<TResult>(object?[] args, CancellationToken cancellationToken)
    {
        var parent = TaskExecutionContext.Current;
        var services = parent?.Services;
        var inputs = await Shape.ToInputsAsync(args, Engine, cancellationToken, services).ConfigureAwait(false);
        var outputs = parent is not null
            ? await parent.CallChildAsync(Spec, inputs, cancellationToken).ConfigureAwait(false)
            : await new TaskExecutionContext("local").RunAsync(Spec, inputs, cancellationToken).ConfigureAwait(false);
        return (TResult)(await Shape.FromOutputsAsync(Name, outputs, Engine, cancellationToken, services).ConfigureAwait(false))!;
    }

    /// <summary>Builds the spec of a task whose body is <paramref name="invoke"/>, shaped after <paramref name="parameters"/>.</summary>
    internal static (TaskSpec, TaskShape) Build(string name, IEnumerable<ParameterInfo> parameters, Type resultType,
        Func<object?[], CancellationToken, Task<object?>> invoke, TypeEngine? engine, ICustomAttributeProvider? resultAttributes = null)
    {
        var typeEngine = engine ?? TypeEngine.Default;
        var shape = TaskShape.Of(parameters, resultType, typeEngine, resultAttributes);
        var spec = new TaskSpec(name, shape.Interface(name, typeEngine), async (inputs, context, cancellationToken) =>
        {
            var args = await shape.FromInputsAsync(name, inputs, typeEngine, cancellationToken, context.Services).ConfigureAwait(false);
            var result = await invoke(args, cancellationToken).ConfigureAwait(false);
            return await shape.ToOutputsAsync(result, typeEngine, cancellationToken, context.Services).ConfigureAwait(false);
        });
        return (spec, shape);
    }

    private static ParameterInfo[] Params(Delegate body) => body.Method.GetParameters();

    private static async Task<object?> Boxed<T>(Task<T> task) => await task.ConfigureAwait(false);

    private static async Task<object?> Boxed(Task task)
    {
        await task.ConfigureAwait(false);
        return new NoOutputs();
    }

    /// <summary>Defines task <paramref name="name"/> from a synchronous body.</summary>
    public static FlyteTask<TResult> Define<TResult>(string name, Func<TResult> body, TypeEngine? engine = null) =>
        FlyteTask<TResult>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(body()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task.</summary>
    [OverloadResolutionPriority(1)]    // an async lambda fits both Task and ValueTask; a Task is what C# infers for it
    public static FlyteTask<TResult> Define<TResult>(string name, Func<Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<TResult>.Create(name, Params(body), (a, c) => Boxed(body()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a ValueTask.</summary>
    public static FlyteTask<TResult> Define<TResult>(string name, Func<ValueTask<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<TResult>.Create(name, Params(body), (a, c) => Boxed(body().AsTask()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body observing cancellation (timeouts).</summary>
    [OverloadResolutionPriority(2)]    // wins over the Task overload of one more input of type CancellationToken
    public static FlyteTask<TResult> Define<TResult>(string name, Func<CancellationToken, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<TResult>.Create(name, Params(body), (a, c) => Boxed(body(c)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task and no outputs.</summary>
    public static FlyteTask<NoOutputs> Define(string name, Func<Task> body, TypeEngine? engine = null) =>
        FlyteTask<NoOutputs>.Create(name, Params(body), (a, c) => Boxed(body()), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body with no outputs.</summary>
    public static FlyteTask<NoOutputs> Define(string name, Action body, TypeEngine? engine = null) =>
        FlyteTask<NoOutputs>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(Run(() => body())), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body.</summary>
    public static FlyteTask<T1, TResult> Define<T1, TResult>(string name, Func<T1, TResult> body, TypeEngine? engine = null) =>
        FlyteTask<T1, TResult>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(body((T1)a[0]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task.</summary>
    [OverloadResolutionPriority(1)]    // an async lambda fits both Task and ValueTask; a Task is what C# infers for it
    public static FlyteTask<T1, TResult> Define<T1, TResult>(string name, Func<T1, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a ValueTask.</summary>
    public static FlyteTask<T1, TResult> Define<T1, TResult>(string name, Func<T1, ValueTask<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!).AsTask()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body observing cancellation (timeouts).</summary>
    [OverloadResolutionPriority(2)]    // wins over the Task overload of one more input of type CancellationToken
    public static FlyteTask<T1, TResult> Define<T1, TResult>(string name, Func<T1, CancellationToken, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, c)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task and no outputs.</summary>
    public static FlyteTask<T1, NoOutputs> Define<T1>(string name, Func<T1, Task> body, TypeEngine? engine = null) =>
        FlyteTask<T1, NoOutputs>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body with no outputs.</summary>
    public static FlyteTask<T1, NoOutputs> Define<T1>(string name, Action<T1> body, TypeEngine? engine = null) =>
        FlyteTask<T1, NoOutputs>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(Run(() => body((T1)a[0]!))), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body.</summary>
    public static FlyteTask<T1, T2, TResult> Define<T1, T2, TResult>(string name, Func<T1, T2, TResult> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, TResult>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(body((T1)a[0]!, (T2)a[1]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task.</summary>
    [OverloadResolutionPriority(1)]    // an async lambda fits both Task and ValueTask; a Task is what C# infers for it
    public static FlyteTask<T1, T2, TResult> Define<T1, T2, TResult>(string name, Func<T1, T2, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a ValueTask.</summary>
    public static FlyteTask<T1, T2, TResult> Define<T1, T2, TResult>(string name, Func<T1, T2, ValueTask<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!).AsTask()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body observing cancellation (timeouts).</summary>
    [OverloadResolutionPriority(2)]    // wins over the Task overload of one more input of type CancellationToken
    public static FlyteTask<T1, T2, TResult> Define<T1, T2, TResult>(string name, Func<T1, T2, CancellationToken, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!, c)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task and no outputs.</summary>
    public static FlyteTask<T1, T2, NoOutputs> Define<T1, T2>(string name, Func<T1, T2, Task> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, NoOutputs>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body with no outputs.</summary>
    public static FlyteTask<T1, T2, NoOutputs> Define<T1, T2>(string name, Action<T1, T2> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, NoOutputs>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(Run(() => body((T1)a[0]!, (T2)a[1]!))), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body.</summary>
    public static FlyteTask<T1, T2, T3, TResult> Define<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, TResult> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, TResult>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task.</summary>
    [OverloadResolutionPriority(1)]    // an async lambda fits both Task and ValueTask; a Task is what C# infers for it
    public static FlyteTask<T1, T2, T3, TResult> Define<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a ValueTask.</summary>
    public static FlyteTask<T1, T2, T3, TResult> Define<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, ValueTask<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!).AsTask()), engine);

    /// <summary>Defines task <paramref name="name"/> from a body observing cancellation (timeouts).</summary>
    [OverloadResolutionPriority(2)]    // wins over the Task overload of one more input of type CancellationToken
    public static FlyteTask<T1, T2, T3, TResult> Define<T1, T2, T3, TResult>(string name, Func<T1, T2, T3, CancellationToken, Task<TResult>> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, TResult>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!, c)), engine);

    /// <summary>Defines task <paramref name="name"/> from a body returning a Task and no outputs.</summary>
    public static FlyteTask<T1, T2, T3, NoOutputs> Define<T1, T2, T3>(string name, Func<T1, T2, T3, Task> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, NoOutputs>.Create(name, Params(body), (a, c) => Boxed(body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!)), engine);

    /// <summary>Defines task <paramref name="name"/> from a synchronous body with no outputs.</summary>
    public static FlyteTask<T1, T2, T3, NoOutputs> Define<T1, T2, T3>(string name, Action<T1, T2, T3> body, TypeEngine? engine = null) =>
        FlyteTask<T1, T2, T3, NoOutputs>.Create(name, Params(body), (a, c) => Task.FromResult<object?>(Run(() => body((T1)a[0]!, (T2)a[1]!, (T3)a[2]!))), engine);

    private static NoOutputs Run(Action action)
    {
        action();
        return new NoOutputs();
    }
}

/// <summary>A typed task that can return a copy of itself with its spec changed.</summary>
public interface IFlyteTask<out TSelf>
{
    /// <summary>The task as a value.</summary>
    TaskSpec Spec { get; }

    /// <summary>The same typed task with its spec changed by <paramref name="change"/>.</summary>
    TSelf WithSpec(Func<TaskSpec, TaskSpec> change);
}

/// <summary>Changes to typed tasks that keep their type.</summary>
public static class FlyteTaskExtensions
{
    /// <summary>The task under another name (e.g. <c>process_batch</c>).</summary>
    public static TTask Named<TTask>(this IFlyteTask<TTask> task, string name) => task.WithSpec(s => s.WithName(name));

    /// <summary>The task wrapped in more middleware; the first given is the outermost (see <see cref="TaskSpec.WithMiddleware"/>).</summary>
    public static TTask WithMiddleware<TTask>(this IFlyteTask<TTask> task, params ITaskMiddleware[] middleware) =>
        task.WithSpec(s => s.WithMiddleware(middleware));

    /// <summary>The task with its metadata changed.</summary>
    public static TTask WithMetadata<TTask>(this IFlyteTask<TTask> task, Func<TaskMetadata, TaskMetadata> change) =>
        task.WithSpec(s => s.WithMetadata(change));

    /// <summary>The task retried up to <paramref name="retries"/> times on recoverable errors.</summary>
    public static TTask WithRetries<TTask>(this IFlyteTask<TTask> task, int retries) =>
        task.WithMetadata(m => m with { Retries = retries });

    /// <summary>The task cancelled after <paramref name="timeout"/> per attempt.</summary>
    public static TTask WithTimeout<TTask>(this IFlyteTask<TTask> task, TimeSpan timeout) =>
        task.WithMetadata(m => m with { Timeout = timeout });

    /// <summary>The task with outputs cached under <paramref name="version"/>, ignoring <paramref name="ignoredInputs"/> in the key.</summary>
    public static TTask WithCache<TTask>(this IFlyteTask<TTask> task, string version, params string[] ignoredInputs) =>
        task.WithMetadata(m => m with { Cache = CacheSettings.On(version, ignoredInputs) });
}

/// <summary>A task with no inputs, returning <typeparamref name="TResult"/>.</summary>
/// <typeparam name="TResult">The result: one output, a tuple of outputs, or <see cref="NoOutputs"/>.</typeparam>
public sealed class FlyteTask<TResult> : FlyteTask, IFlyteTask<FlyteTask<TResult>>
{
    private FlyteTask(TaskSpec spec, TypeEngine engine, TaskShape shape) : base(spec, engine, shape) { }

    /// <summary>
    /// Makes a typed task from a body over boxed arguments; the inputs are named after <paramref name="parameters"/>
    /// (cancellation tokens excluded); <paramref name="resultAttributes"/> (a method's <c>ReturnParameter</c>) may carry
    /// <c>[BatchSize]</c> for the result.
    /// </summary>
    public static FlyteTask<TResult> Create(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<object?>> body, TypeEngine? engine = null, ICustomAttributeProvider? resultAttributes = null)
    {
        var (spec, shape) = Build(name, parameters, typeof(TResult), body, engine, resultAttributes);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>Calls the task through the literal boundary; inside a running task, as a child action of it.</summary>
    public Task<TResult> CallAsync(CancellationToken cancellationToken = default) =>
        CallCoreAsync<TResult>([], cancellationToken);

    /// <inheritdoc />
    public FlyteTask<TResult> WithSpec(Func<TaskSpec, TaskSpec> change) => new(change(Spec), Engine, Shape);
}

/// <summary>A task with one input, returning <typeparamref name="TResult"/>.</summary>
/// <typeparam name="T1">The type of input 1.</typeparam>
/// <typeparam name="TResult">The result: one output, a tuple of outputs, or <see cref="NoOutputs"/>.</typeparam>
public sealed class FlyteTask<T1, TResult> : FlyteTask, IFlyteTask<FlyteTask<T1, TResult>>
{
    private FlyteTask(TaskSpec spec, TypeEngine engine, TaskShape shape) : base(spec, engine, shape) { }

    /// <summary>
    /// Makes a typed task from a body over boxed arguments; the inputs are named after <paramref name="parameters"/>
    /// (cancellation tokens excluded); <paramref name="resultAttributes"/> (a method's <c>ReturnParameter</c>) may carry
    /// <c>[BatchSize]</c> for the result.
    /// </summary>
    public static FlyteTask<T1, TResult> Create(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<object?>> body, TypeEngine? engine = null, ICustomAttributeProvider? resultAttributes = null)
    {
        var (spec, shape) = Build(name, parameters, typeof(TResult), body, engine, resultAttributes);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>
    /// Makes a dynamic task (flytekit's <c>@dynamic</c>) from a body over boxed arguments that builds the workflow to
    /// run; its outputs become the task's (see <see cref="FlyteTask.Dynamic{T1, TResult}(string, Func{T1, Flyte.Workflows.WorkflowSpec}, TypeEngine?)"/>).
    /// </summary>
    public static FlyteTask<T1, TResult> CreateDynamic(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<Flyte.Workflows.WorkflowSpec>> build, TypeEngine? engine = null)
    {
        var (spec, shape) = BuildDynamic(name, parameters, typeof(TResult), build, engine);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>Calls the task through the literal boundary; inside a running task, as a child action of it.</summary>
    public Task<TResult> CallAsync(T1 a, CancellationToken cancellationToken = default) =>
        CallCoreAsync<TResult>([a], cancellationToken);

    /// <inheritdoc />
    public FlyteTask<T1, TResult> WithSpec(Func<TaskSpec, TaskSpec> change) => new(change(Spec), Engine, Shape);
}

/// <summary>A task with 2 inputs, returning <typeparamref name="TResult"/>.</summary>
/// <typeparam name="T1">The type of input 1.</typeparam>
/// <typeparam name="T2">The type of input 2.</typeparam>
/// <typeparam name="TResult">The result: one output, a tuple of outputs, or <see cref="NoOutputs"/>.</typeparam>
public sealed class FlyteTask<T1, T2, TResult> : FlyteTask, IFlyteTask<FlyteTask<T1, T2, TResult>>
{
    private FlyteTask(TaskSpec spec, TypeEngine engine, TaskShape shape) : base(spec, engine, shape) { }

    /// <summary>
    /// Makes a typed task from a body over boxed arguments; the inputs are named after <paramref name="parameters"/>
    /// (cancellation tokens excluded); <paramref name="resultAttributes"/> (a method's <c>ReturnParameter</c>) may carry
    /// <c>[BatchSize]</c> for the result.
    /// </summary>
    public static FlyteTask<T1, T2, TResult> Create(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<object?>> body, TypeEngine? engine = null, ICustomAttributeProvider? resultAttributes = null)
    {
        var (spec, shape) = Build(name, parameters, typeof(TResult), body, engine, resultAttributes);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>
    /// Makes a dynamic task (flytekit's <c>@dynamic</c>) from a body over boxed arguments that builds the workflow to
    /// run; its outputs become the task's (see <see cref="FlyteTask.Dynamic{T1, TResult}(string, Func{T1, Flyte.Workflows.WorkflowSpec}, TypeEngine?)"/>).
    /// </summary>
    public static FlyteTask<T1, T2, TResult> CreateDynamic(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<Flyte.Workflows.WorkflowSpec>> build, TypeEngine? engine = null)
    {
        var (spec, shape) = BuildDynamic(name, parameters, typeof(TResult), build, engine);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>Calls the task through the literal boundary; inside a running task, as a child action of it.</summary>
    public Task<TResult> CallAsync(T1 a, T2 b, CancellationToken cancellationToken = default) =>
        CallCoreAsync<TResult>([a, b], cancellationToken);

    /// <inheritdoc />
    public FlyteTask<T1, T2, TResult> WithSpec(Func<TaskSpec, TaskSpec> change) => new(change(Spec), Engine, Shape);
}

/// <summary>A task with 3 inputs, returning <typeparamref name="TResult"/>.</summary>
/// <typeparam name="T1">The type of input 1.</typeparam>
/// <typeparam name="T2">The type of input 2.</typeparam>
/// <typeparam name="T3">The type of input 3.</typeparam>
/// <typeparam name="TResult">The result: one output, a tuple of outputs, or <see cref="NoOutputs"/>.</typeparam>
public sealed class FlyteTask<T1, T2, T3, TResult> : FlyteTask, IFlyteTask<FlyteTask<T1, T2, T3, TResult>>
{
    private FlyteTask(TaskSpec spec, TypeEngine engine, TaskShape shape) : base(spec, engine, shape) { }

    /// <summary>
    /// Makes a typed task from a body over boxed arguments; the inputs are named after <paramref name="parameters"/>
    /// (cancellation tokens excluded); <paramref name="resultAttributes"/> (a method's <c>ReturnParameter</c>) may carry
    /// <c>[BatchSize]</c> for the result.
    /// </summary>
    public static FlyteTask<T1, T2, T3, TResult> Create(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<object?>> body, TypeEngine? engine = null, ICustomAttributeProvider? resultAttributes = null)
    {
        var (spec, shape) = Build(name, parameters, typeof(TResult), body, engine, resultAttributes);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>
    /// Makes a dynamic task (flytekit's <c>@dynamic</c>) from a body over boxed arguments that builds the workflow to
    /// run; its outputs become the task's (see <see cref="FlyteTask.Dynamic{T1, TResult}(string, Func{T1, Flyte.Workflows.WorkflowSpec}, TypeEngine?)"/>).
    /// </summary>
    public static FlyteTask<T1, T2, T3, TResult> CreateDynamic(string name, IEnumerable<ParameterInfo> parameters,
        Func<object?[], CancellationToken, Task<Flyte.Workflows.WorkflowSpec>> build, TypeEngine? engine = null)
    {
        var (spec, shape) = BuildDynamic(name, parameters, typeof(TResult), build, engine);
        return new(spec, engine ?? TypeEngine.Default, shape);
    }

    /// <summary>Calls the task through the literal boundary; inside a running task, as a child action of it.</summary>
    public Task<TResult> CallAsync(T1 a, T2 b, T3 c, CancellationToken cancellationToken = default) =>
        CallCoreAsync<TResult>([a, b, c], cancellationToken);

    /// <inheritdoc />
    public FlyteTask<T1, T2, T3, TResult> WithSpec(Func<TaskSpec, TaskSpec> change) => new(change(Spec), Engine, Shape);
}
