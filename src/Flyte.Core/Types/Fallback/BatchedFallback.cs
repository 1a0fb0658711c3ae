using System.Buffers;
using System.Globalization;
using System.Reflection;
using Flyte.Storage;
using Flyte.Types.Offloaded;

namespace Flyte.Types.Fallback;

/// <summary>Resolves transformers for lists declared with <see cref="BatchSizeAttribute"/>.</summary>
public static class BatchedFallback
{
    /// <summary>
    /// The transformer for a parameter or return value of <paramref name="type"/>: the batched one when
    /// <paramref name="attributes"/> (a <see cref="ParameterInfo"/>, e.g. <c>method.ReturnParameter</c>, or a property)
    /// carries <see cref="BatchSizeAttribute"/>, else <c>engine.Get(type)</c>.
    /// </summary>
    public static ITypeTransformer GetFor(this TypeEngine engine, Type type, ICustomAttributeProvider? attributes)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var batch = attributes?.GetCustomAttributes(typeof(BatchSizeAttribute), true).OfType<BatchSizeAttribute>().FirstOrDefault();
        return batch is null ? engine.Get(type) : Wrap(type, batch.Size);
    }

    /// <summary>A transformer sending a list of <paramref name="listType"/> (<c>T[]</c>, <c>List&lt;T&gt;</c>, <c>IList&lt;T&gt;</c>,
    /// <c>IReadOnlyList&lt;T&gt;</c>, <c>IReadOnlyCollection&lt;T&gt;</c>, <c>ICollection&lt;T&gt;</c> or <c>IEnumerable&lt;T&gt;</c>) in batches of <paramref name="batchSize"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="listType"/> is not a list shape.</exception>
    public static ITypeTransformer Wrap(Type listType, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(listType);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var element = ElementOf(listType) ?? throw new ArgumentException($"[BatchSize] needs a list type, not {listType.Name}.", nameof(listType));
        return (ITypeTransformer)Activator.CreateInstance(typeof(BatchedListTransformer<,>).MakeGenericType(listType, element),
            BindingFlags.NonPublic | BindingFlags.Instance, null, [batchSize], null)!;
    }

    private static Type? ElementOf(Type type)
    {
        if (type.IsArray && type.GetArrayRank() == 1) return type.GetElementType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>) ||
               definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>) || definition == typeof(IEnumerable<>)
            ? type.GetGenericArguments()[0] : null;
    }
}

/// <summary>
/// A list ⇄ <c>Blob{DotNetObjectGraph, MULTIPART}</c>: the folder holds files <c>000000</c>, <c>000001</c>, … each the
/// captured graph of one batch (a <c>T[]</c>), written and read in parallel (<see cref="OffloadContext.MaxParallelism"/>).
/// References shared between batches are not preserved (each batch is its own graph).
/// </summary>
/// <typeparam name="TList">The declared list type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
public sealed class BatchedListTransformer<TList, T> : TypeTransformer<TList> where TList : IEnumerable<T>
{
    private readonly ObjectGraphSerializer _serializer = new(typeof(T[]));

    internal BatchedListTransformer(int batchSize)
    {
        BatchSize = batchSize;
        LiteralType = ObjectGraphTypes.Of(typeof(T[]), BlobDimensionality.Multipart);
    }

    /// <summary>Elements per file.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public override string Name => ObjectGraphFormat.Name;

    /// <inheritdoc />
    public override LiteralType LiteralType { get; }

    /// <summary>The name of batch file <paramref name="index"/>.</summary>
    public static string FileName(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(TList value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "Cannot serialize a null list.");
        var offload = OffloadContext.From(context, LiteralType);
        var items = value as T[] ?? value.ToArray();
        var folder = offload.NewOutputFolder();
        var batches = (items.Length + BatchSize - 1) / BatchSize;
        await Transfer.ForEachAsync(Enumerable.Range(0, batches), offload.MaxParallelism, context.CancellationToken, async (index, ct) =>
        {
            var batch = items.AsSpan(index * BatchSize, Math.Min(BatchSize, items.Length - index * BatchSize)).ToArray();
            var buffer = new ArrayBufferWriter<byte>(64 * batch.Length + 64);
            _serializer.Serialize(batch, buffer);
            await offload.Store.PutBytesAsync(BlobUri.Combine(folder, FileName(index)), buffer.WrittenMemory, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (batches == 0 && BlobUri.IsLocal(folder)) Directory.CreateDirectory(BlobUri.ToLocalPath(folder));
        return new Blob(new BlobMetadata((BlobType)LiteralType.Type), folder);
    }

    /// <inheritdoc />
    public override async ValueTask<TList> ToValueAsync(Literal literal, TransformerContext context)
    {
        var blob = ObjectGraphTypes.ReadBlob(literal, LiteralType, BlobDimensionality.Multipart);
        var offload = OffloadContext.From(context, LiteralType);
        var prefix = blob.Uri.TrimEnd('/') + "/";
        var files = new SortedDictionary<int, string>();
        await foreach (var uri in offload.Store.ListAsync(blob.Uri, context.CancellationToken).ConfigureAwait(false))
        {
            var name = uri.StartsWith(prefix, StringComparison.Ordinal) ? uri[prefix.Length..] : uri;
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw new TypeTransformerException(LiteralType, $"the object {uri}", "A batched list folder holds only numbered batch files.");
            files[index] = uri;
        }
        if (files.Count > 0 && files.Keys.Last() != files.Count - 1)
            throw new TypeTransformerException(LiteralType, $"batches {string.Join(", ", files.Keys)} in {blob.Uri}", "A batch file is missing.");
        var batches = new T[files.Count][];
        await Transfer.ForEachAsync(files, offload.MaxParallelism, context.CancellationToken, async (entry, ct) =>
        {
            var bytes = await offload.Store.GetBytesAsync(entry.Value, ct).ConfigureAwait(false);
            try
            {
                batches[entry.Key] = (T[])_serializer.Deserialize(bytes, context.Engine.Options.MaxDepth)!;
            }
            catch (TypeTransformerException e)
            {
                throw new TypeTransformerException(LiteralType, $"the batch {entry.Value}", e.Message, e);
            }
        }).ConfigureAwait(false);
        // One allocation of the final size and a block copy per batch (SelectMany would enumerate and regrow).
        var all = new T[batches.Sum(b => (long)b.Length)];
        var at = 0;
        foreach (var batch in batches)
        {
            batch.CopyTo(all, at);
            at += batch.Length;
        }
        return (TList)(object)(typeof(TList) == typeof(T[]) ? all : typeof(TList) == typeof(List<T>) || typeof(TList).IsInterface ? all.ToList() : all);
    }
}
