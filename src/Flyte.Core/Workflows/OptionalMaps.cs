using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>
/// <c>MapOptional</c> for tasks of reference-type results (<c>string</c>, records): the value-type overloads on
/// <see cref="WorkflowContext"/> return <c>Nullable&lt;T&gt;</c> elements, these the nullable references, so one call
/// <c>b.MapOptional(task, items, options)</c> fits either.
/// </summary>
public static class OptionalMaps
{
    /// <summary>
    /// Adds a map task whose elements may fail as long as <paramref name="options"/>' <c>MinSuccessRatio</c> of them
    /// succeed: the list of its outputs, null for each failed element (flytekit's <c>List[Optional[T]]</c>).
    /// </summary>
    public static Promise<IReadOnlyList<TResult?>> MapOptional<T1, TResult>(this WorkflowContext context, FlyteTask<T1, TResult> task,
        Promise<IReadOnlyList<T1>> items, MapOptions options) where TResult : class =>
        context.AddMap<IReadOnlyList<TResult?>>(WorkflowContext.Tolerant(MapTarget.Of(task, [], options)), items);

    /// <summary>The same, with the second input bound to <paramref name="fixedValue"/> for every element.</summary>
    public static Promise<IReadOnlyList<TResult?>> MapOptional<T1, T2, TResult>(this WorkflowContext context, FlyteTask<T1, T2, TResult> task,
        Promise<IReadOnlyList<T1>> items, Promise<T2> fixedValue, MapOptions options) where TResult : class =>
        context.AddMap<IReadOnlyList<TResult?>>(WorkflowContext.Tolerant(MapTarget.Of(task, [task.Spec.Interface.Inputs[1].Name], options)), items, fixedValue);
}
