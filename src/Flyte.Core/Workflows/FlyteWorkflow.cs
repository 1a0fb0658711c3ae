using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Workflows;

/// <summary>
/// The C# workflow builder. A workflow is built, not run:
/// <code>
/// var wf = FlyteWorkflow.Define("batch_wf")
///     .Input&lt;BatchRequest&gt;("batch")
///     .Then((b, batch) =&gt; b.Call(processBatch, batch))
///     .Build();
/// </code>
/// Each <c>Then</c> gets the builder context and the values carried so far (the inputs, then whatever the previous step
/// returned); <c>Build</c> makes the carried promises the workflow outputs <c>o0</c>, <c>o1</c>….
/// </summary>
public static class FlyteWorkflow
{
    /// <summary>Starts workflow <paramref name="name"/>; input and constant types come from <paramref name="engine"/> (<see cref="TypeEngine.Default"/> when null).</summary>
    public static WorkflowBuilder Define(string name, TypeEngine? engine = null) =>
        new(WorkflowDraft.Create(name, engine ?? TypeEngine.Default));
}

/// <summary>What a workflow step adds nodes with. Valid only while its step runs.</summary>
public sealed class WorkflowContext
{
    internal WorkflowContext(WorkflowDraft draft) => Draft = draft;

    /// <summary>The draft as it stands.</summary>
    public WorkflowDraft Draft { get; internal set; }

    /// <summary>
    /// Starts branch <paramref name="name"/> (flytekit's <c>conditional("name")</c>): when <paramref name="condition"/>
    /// holds, the node <paramref name="then"/> adds runs. Continue with <c>ElseIf</c>, end with <c>Else</c> or <c>Fail</c>.
    /// </summary>
    public BranchBuilder<TResult> If<TResult>(string name, Condition condition, Func<WorkflowContext, Promise<TResult>> then) =>
        new BranchBuilder<TResult>(this, BranchDraft.Start(Draft, name)).ElseIf(condition, then);

    private Promise<TResult> Add<TResult>(TaskSpec task, params IPromise[] arguments)
    {
        var (draft, node) = Draft.AddNode(task, arguments);
        Draft = draft;
        return node.Interface.Outputs.Count == 0
            ? new Promise<TResult>(new BindingData.Constant(new Literal(Void.Instance)), LiteralType.Of(SimpleType.None))
            : WorkflowDraft.Output<TResult>(node);
    }

    private (Promise<TA>, Promise<TB>) Add2<TA, TB>(TaskSpec task, params IPromise[] arguments)
    {
        var (draft, node) = Draft.AddNode(task, arguments);
        Draft = draft;
        return (WorkflowDraft.Output<TA>(node, 0), WorkflowDraft.Output<TB>(node, 1));
    }

    /// <summary>A constant value.</summary>
    public Promise<T> Constant<T>(T value) => Draft.Constant(value);

    /// <summary>A list bound element by element.</summary>
    public Promise<IReadOnlyList<T>> List<T>(Promise<T> first, params Promise<T>[] rest) => Promises.List(first.Type, [first, .. rest]);

    /// <summary>Runs sub-workflow <paramref name="workflow"/>, its inputs bound in order; its first output as <typeparamref name="TResult"/>.</summary>
    public Promise<TResult> Subworkflow<TResult>(WorkflowSpec workflow, params IPromise[] inputs)
    {
        var (draft, node) = Draft.AddNode(workflow, inputs);
        Draft = draft;
        return WorkflowDraft.Output<TResult>(node);
    }

    /// <summary>
    /// Adds a map task: <paramref name="task"/> runs once per element of <paramref name="items"/>; the list of its outputs.
    /// Options with a <c>MinSuccessRatio</c> below 1 make the output a list of optionals: use <c>MapOptional</c> for them.
    /// </summary>
    public Promise<IReadOnlyList<TResult>> Map<T1, TResult>(FlyteTask<T1, TResult> task, Promise<IReadOnlyList<T1>> items, MapOptions? options = null) =>
        AddMap<IReadOnlyList<TResult>>(Whole(MapTarget.Of(task, [], options)), items);

    /// <summary>
    /// Adds a map task whose elements may fail as long as <paramref name="options"/>' <c>MinSuccessRatio</c> of them
    /// succeed: the list of its outputs, null for each failed element (flytekit's <c>List[Optional[T]]</c>).
    /// </summary>
    public Promise<IReadOnlyList<TResult?>> MapOptional<T1, TResult>(FlyteTask<T1, TResult> task, Promise<IReadOnlyList<T1>> items, MapOptions options)
        where TResult : struct =>
        AddMap<IReadOnlyList<TResult?>>(Tolerant(MapTarget.Of(task, [], options)), items);

    /// <summary>
    /// Adds a map task whose second input is bound to <paramref name="fixedValue"/> for every element (flytekit's
    /// <c>partial</c>): <paramref name="task"/> runs once per element of <paramref name="items"/>; the list of its outputs.
    /// </summary>
    public Promise<IReadOnlyList<TResult>> Map<T1, T2, TResult>(FlyteTask<T1, T2, TResult> task, Promise<IReadOnlyList<T1>> items, Promise<T2> fixedValue,
        MapOptions? options = null) =>
        AddMap<IReadOnlyList<TResult>>(Whole(MapTarget.Of(task, [task.Spec.Interface.Inputs[1].Name], options)), items, fixedValue);

    /// <summary>
    /// <see cref="MapOptional{T1, TResult}(FlyteTask{T1, TResult}, Promise{IReadOnlyList{T1}}, MapOptions)"/> with the
    /// second input bound to <paramref name="fixedValue"/> for every element.
    /// </summary>
    public Promise<IReadOnlyList<TResult?>> MapOptional<T1, T2, TResult>(FlyteTask<T1, T2, TResult> task, Promise<IReadOnlyList<T1>> items,
        Promise<T2> fixedValue, MapOptions options) where TResult : struct =>
        AddMap<IReadOnlyList<TResult?>>(Tolerant(MapTarget.Of(task, [task.Spec.Interface.Inputs[1].Name], options)), items, fixedValue);

    internal Promise<TList> AddMap<TList>(MapTarget map, params IPromise[] arguments)
    {
        var (draft, node) = Draft.AddNode(map, arguments);
        Draft = draft;
        return WorkflowDraft.Output<TList>(node);
    }

    internal static MapTarget Whole(MapTarget map) => map.Expecting(false, "Map", "MapOptional");

    internal static MapTarget Tolerant(MapTarget map) => map.Expecting(true, "Map", "MapOptional");

    /// <summary>Adds a node running <paramref name="task"/>; its output as a promise.</summary>
    public Promise<TResult> Call<TResult>(FlyteTask<TResult> task) => Add<TResult>(task.Spec);

    /// <summary>Adds a node running a task with two outputs; both as promises.</summary>
    public (Promise<TA>, Promise<TB>) Call<TA, TB>(FlyteTask<(TA, TB)> task) => Add2<TA, TB>(task.Spec);

    /// <summary>Adds a node running <paramref name="task"/>; its output as a promise.</summary>
    public Promise<TResult> Call<T1, TResult>(FlyteTask<T1, TResult> task, Promise<T1> a) => Add<TResult>(task.Spec, a);

    /// <summary>Adds a node running a task with two outputs; both as promises.</summary>
    public (Promise<TA>, Promise<TB>) Call<T1, TA, TB>(FlyteTask<T1, (TA, TB)> task, Promise<T1> a) => Add2<TA, TB>(task.Spec, a);

    /// <summary>Adds a node running <paramref name="task"/>; its output as a promise.</summary>
    public Promise<TResult> Call<T1, T2, TResult>(FlyteTask<T1, T2, TResult> task, Promise<T1> a, Promise<T2> b) => Add<TResult>(task.Spec, a, b);

    /// <summary>Adds a node running a task with two outputs; both as promises.</summary>
    public (Promise<TA>, Promise<TB>) Call<T1, T2, TA, TB>(FlyteTask<T1, T2, (TA, TB)> task, Promise<T1> a, Promise<T2> b) => Add2<TA, TB>(task.Spec, a, b);

    /// <summary>Adds a node running <paramref name="task"/>; its output as a promise.</summary>
    public Promise<TResult> Call<T1, T2, T3, TResult>(FlyteTask<T1, T2, T3, TResult> task, Promise<T1> a, Promise<T2> b, Promise<T3> c) => Add<TResult>(task.Spec, a, b, c);

    /// <summary>Adds a node running a task with two outputs; both as promises.</summary>
    public (Promise<TA>, Promise<TB>) Call<T1, T2, T3, TA, TB>(FlyteTask<T1, T2, T3, (TA, TB)> task, Promise<T1> a, Promise<T2> b, Promise<T3> c) => Add2<TA, TB>(task.Spec, a, b, c);

}

/// <summary>The parts every workflow builder shares: setup, teardown, and the draft.</summary>
public abstract class WorkflowBuilderBase<TSelf> where TSelf : WorkflowBuilderBase<TSelf>
{
    private protected WorkflowBuilderBase(WorkflowDraft draft) => Draft = draft;

    /// <summary>The draft as it stands.</summary>
    public WorkflowDraft Draft { get; }

    private protected abstract TSelf With(WorkflowDraft draft);

    /// <summary>Runs <paramref name="task"/> (no inputs) before every other node.</summary>
    public TSelf Setup<TResult>(FlyteTask<TResult> task) => With(Draft.WithSetup(task.Spec));

    /// <summary>Runs <paramref name="task"/> (no inputs) after every other node, also when one failed.</summary>
    public TSelf Teardown<TResult>(FlyteTask<TResult> task) => With(Draft.WithTeardown(task.Spec));

    private protected static (WorkflowDraft, TNext) Step<TNext>(WorkflowDraft draft, Func<WorkflowContext, TNext> step)
    {
        var context = new WorkflowContext(draft);
        var next = step(context);
        return (context.Draft, next);
    }
}

/// <summary>A workflow with no inputs yet.</summary>
public sealed class WorkflowBuilder : WorkflowBuilderBase<WorkflowBuilder>
{
    internal WorkflowBuilder(WorkflowDraft draft) : base(draft) { }

    private protected override WorkflowBuilder With(WorkflowDraft draft) => new(draft);

    /// <summary>Declares input <paramref name="name"/>.</summary>
    public WorkflowBuilder<Promise<T>> Input<T>(string name)
    {
        var (draft, input) = Draft.AddInput<T>(name);
        return new(draft, input);
    }

    /// <summary>Adds nodes; what <paramref name="step"/> returns is carried to the next step.</summary>
    public WorkflowBuilder<TNext> Then<TNext>(Func<WorkflowContext, TNext> step)
    {
        var (draft, next) = Step(Draft, step);
        return new(draft, next);
    }

    /// <summary>The workflow, with no outputs.</summary>
    public WorkflowSpec Build() => Draft.Build([]);
}

/// <summary>A workflow builder carrying 1 value(s): promises or tuples of promises.</summary>
/// <typeparam name="T1">The type of carried value 1.</typeparam>
public sealed class WorkflowBuilder<T1> : WorkflowBuilderBase<WorkflowBuilder<T1>>
{
    private readonly T1 _v1;

    internal WorkflowBuilder(WorkflowDraft draft, T1 v1) : base(draft) { _v1 = v1; }

    private protected override WorkflowBuilder<T1> With(WorkflowDraft draft) => new(draft, _v1);

    /// <summary>Adds nodes from the carried values; what <paramref name="step"/> returns is carried to the next step.</summary>
    public WorkflowBuilder<TNext> Then<TNext>(Func<WorkflowContext, T1, TNext> step)
    {
        var (draft, next) = Step(Draft, b => step(b, _v1));
        return new(draft, next);
    }

    /// <summary>The workflow, its outputs <c>o0</c>, <c>o1</c>… bound to the carried promises.</summary>
    public WorkflowSpec Build() => Draft.Build([..Promises.Flatten(_v1)]);

    /// <summary>Declares input <paramref name="name"/>, carried after the current values.</summary>
    public WorkflowBuilder<T1, Promise<T>> Input<T>(string name)
    {
        var (draft, input) = Draft.AddInput<T>(name);
        return new(draft, _v1, input);
    }
}

/// <summary>A workflow builder carrying 2 value(s): promises or tuples of promises.</summary>
/// <typeparam name="T1">The type of carried value 1.</typeparam>
/// <typeparam name="T2">The type of carried value 2.</typeparam>
public sealed class WorkflowBuilder<T1, T2> : WorkflowBuilderBase<WorkflowBuilder<T1, T2>>
{
    private readonly T1 _v1;
    private readonly T2 _v2;

    internal WorkflowBuilder(WorkflowDraft draft, T1 v1, T2 v2) : base(draft) { _v1 = v1; _v2 = v2; }

    private protected override WorkflowBuilder<T1, T2> With(WorkflowDraft draft) => new(draft, _v1, _v2);

    /// <summary>Adds nodes from the carried values; what <paramref name="step"/> returns is carried to the next step.</summary>
    public WorkflowBuilder<TNext> Then<TNext>(Func<WorkflowContext, T1, T2, TNext> step)
    {
        var (draft, next) = Step(Draft, b => step(b, _v1, _v2));
        return new(draft, next);
    }

    /// <summary>The workflow, its outputs <c>o0</c>, <c>o1</c>… bound to the carried promises.</summary>
    public WorkflowSpec Build() => Draft.Build([..Promises.Flatten(_v1), ..Promises.Flatten(_v2)]);

    /// <summary>Declares input <paramref name="name"/>, carried after the current values.</summary>
    public WorkflowBuilder<T1, T2, Promise<T>> Input<T>(string name)
    {
        var (draft, input) = Draft.AddInput<T>(name);
        return new(draft, _v1, _v2, input);
    }
}

/// <summary>A workflow builder carrying 3 value(s): promises or tuples of promises.</summary>
/// <typeparam name="T1">The type of carried value 1.</typeparam>
/// <typeparam name="T2">The type of carried value 2.</typeparam>
/// <typeparam name="T3">The type of carried value 3.</typeparam>
public sealed class WorkflowBuilder<T1, T2, T3> : WorkflowBuilderBase<WorkflowBuilder<T1, T2, T3>>
{
    private readonly T1 _v1;
    private readonly T2 _v2;
    private readonly T3 _v3;

    internal WorkflowBuilder(WorkflowDraft draft, T1 v1, T2 v2, T3 v3) : base(draft) { _v1 = v1; _v2 = v2; _v3 = v3; }

    private protected override WorkflowBuilder<T1, T2, T3> With(WorkflowDraft draft) => new(draft, _v1, _v2, _v3);

    /// <summary>Adds nodes from the carried values; what <paramref name="step"/> returns is carried to the next step.</summary>
    public WorkflowBuilder<TNext> Then<TNext>(Func<WorkflowContext, T1, T2, T3, TNext> step)
    {
        var (draft, next) = Step(Draft, b => step(b, _v1, _v2, _v3));
        return new(draft, next);
    }

    /// <summary>The workflow, its outputs <c>o0</c>, <c>o1</c>… bound to the carried promises.</summary>
    public WorkflowSpec Build() => Draft.Build([..Promises.Flatten(_v1), ..Promises.Flatten(_v2), ..Promises.Flatten(_v3)]);
}
