using System.Runtime.InteropServices;

namespace Flyte.Types.Collections;

/// <summary>
/// Converts the elements of a collection or map with one already-resolved transformer. A synchronous transformer (every
/// primitive, enum and msgpack record) completes its <see cref="ValueTask"/> at once and costs no allocation beyond its
/// literal; asynchronous ones (files, offloaded values) all run concurrently and are collected in order. An error is
/// re-thrown with the element's path segment in front.
/// </summary>
internal static class Elements
{
    public static ValueTask<Literal[]> ToLiteralsAsync<T>(TypeTransformer<T> element, IReadOnlyList<T> items,
        TransformerContext context, Func<int, string> segment)
    {
        var literals = new Literal[items.Count];
        List<(int Index, Task<Literal> Task)>? pending = null;
        for (var i = 0; i < literals.Length; i++)
        {
            ValueTask<Literal> conversion;
            try { conversion = element.ToLiteralAsync(items[i], context); }
            catch (TypeTransformerException e) { throw e.AtPath(segment(i)); }
            if (conversion.IsCompletedSuccessfully) literals[i] = conversion.Result;
            else (pending ??= []).Add((i, conversion.AsTask()));
        }
        return pending is null ? new(literals) : new(Complete(literals, pending, segment));
    }

    public static ValueTask<T[]> ToValuesAsync<T>(TypeTransformer<T> element, IReadOnlyList<Literal> literals,
        TransformerContext context, Func<int, string> segment) =>
        ToValuesAsync(literals.Count, i => element.ToValueAsync(literals[i], context), segment);

    /// <summary>The values of <paramref name="count"/> elements, element <c>i</c> converted by <paramref name="convert"/>.</summary>
    public static ValueTask<T[]> ToValuesAsync<T>(int count, Func<int, ValueTask<T>> convert, Func<int, string> segment)
    {
        var values = new T[count];
        List<(int Index, Task<T> Task)>? pending = null;
        for (var i = 0; i < values.Length; i++)
        {
            ValueTask<T> conversion;
            try { conversion = convert(i); }
            catch (TypeTransformerException e) { throw e.AtPath(segment(i)); }
            if (conversion.IsCompletedSuccessfully) values[i] = conversion.Result;
            else (pending ??= []).Add((i, conversion.AsTask()));
        }
        return pending is null ? new(values) : new(Complete(values, pending, segment));
    }

    private static async Task<TResult[]> Complete<TResult>(TResult[] results, List<(int Index, Task<TResult> Task)> pending,
        Func<int, string> segment)
    {
        foreach (var (index, task) in pending)
        {
            try { results[index] = await task.ConfigureAwait(false); }
            catch (TypeTransformerException e) { throw e.AtPath(segment(index)); }
        }
        return results;
    }

    /// <summary>The index segment <c>[i]</c>.</summary>
    public static string Index(int i) => "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>The segment of a map entry, as Python prints the key: <c>["key"]</c>, <c>[7]</c>.</summary>
    public static string Key(object? key) =>
        "[" + (key is string s ? "\"" + s + "\"" : Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture)) + "]";

    /// <summary>Views an array as a <see cref="ValueList{T}"/> without copying; the array must not change afterwards.</summary>
    public static ValueList<Literal> AsValueList(Literal[] literals) => ImmutableCollectionsMarshal.AsImmutableArray(literals);
}
