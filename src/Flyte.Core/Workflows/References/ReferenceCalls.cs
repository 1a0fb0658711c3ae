namespace Flyte.Workflows;

/// <summary>The C# builder's calls of reference entities: <c>b.Call(pyDouble, x)</c>, typed like task calls.</summary>
public static class ReferenceCalls
{
    private static Promise<TResult> Add<TResult>(WorkflowContext b, ReferenceEntity reference, params IPromise[] arguments)
    {
        var (draft, node) = b.Draft.AddNode(reference.Target, arguments);
        b.Draft = draft;
        return WorkflowDraft.Output<TResult>(node);
    }

    /// <summary>Adds a node running <paramref name="reference"/>; its output as a promise.</summary>
    public static Promise<TResult> Call<TResult>(this WorkflowContext b, ReferenceEntity<TResult> reference) => Add<TResult>(b, reference);

    /// <summary>Adds a node running <paramref name="reference"/>; its output as a promise.</summary>
    public static Promise<TResult> Call<T1, TResult>(this WorkflowContext b, ReferenceEntity<T1, TResult> reference, Promise<T1> a) => Add<TResult>(b, reference, a);

    /// <summary>Adds a node running <paramref name="reference"/>; its output as a promise.</summary>
    public static Promise<TResult> Call<T1, T2, TResult>(this WorkflowContext b, ReferenceEntity<T1, T2, TResult> reference, Promise<T1> a, Promise<T2> c) =>
        Add<TResult>(b, reference, a, c);

    /// <summary>Adds a node running <paramref name="reference"/>; its output as a promise.</summary>
    public static Promise<TResult> Call<T1, T2, T3, TResult>(this WorkflowContext b, ReferenceEntity<T1, T2, T3, TResult> reference, Promise<T1> a, Promise<T2> c,
        Promise<T3> d) => Add<TResult>(b, reference, a, c, d);
}
