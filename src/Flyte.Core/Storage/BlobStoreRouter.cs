using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Flyte.Storage;

/// <summary>
/// A blob store that hands every call to the store registered for the URI's scheme (<c>file</c> — which also
/// covers plain absolute paths —, <c>s3</c>, …). Immutable: <see cref="With"/> returns a new router.
/// </summary>
public sealed class BlobStoreRouter : IBlobStore
{
    private readonly ImmutableDictionary<string, IBlobStore> _stores;

    private BlobStoreRouter(ImmutableDictionary<string, IBlobStore> stores) => _stores = stores;

    /// <summary>A router with no stores.</summary>
    public static BlobStoreRouter Empty { get; } = new(ImmutableDictionary.Create<string, IBlobStore>(StringComparer.OrdinalIgnoreCase));

    /// <summary>A router that knows the local file system only: add remote stores with <see cref="With"/>.</summary>
    public static BlobStoreRouter Local { get; } = Empty.With(BlobUri.FileScheme, new LocalBlobStore());

    /// <summary>The schemes this router serves.</summary>
    public IEnumerable<string> Schemes => _stores.Keys.Order(StringComparer.Ordinal);

    /// <summary>This router, with <paramref name="store"/> serving <paramref name="scheme"/> (replacing any store
    /// that served it).</summary>
    public BlobStoreRouter With(string scheme, IBlobStore store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(store);
        return new(_stores.SetItem(scheme, store));
    }

    /// <summary>The store that serves <paramref name="uri"/>.</summary>
    /// <exception cref="NotSupportedException">No store is registered for the URI's scheme.</exception>
    public IBlobStore StoreFor(string uri)
    {
        var scheme = BlobUri.SchemeOf(uri)
            ?? throw new ArgumentException($"'{uri}' is neither an absolute path nor a URI with a scheme.", nameof(uri));
        return _stores.TryGetValue(scheme, out var store)
            ? store
            : throw new NotSupportedException($"No blob store for scheme '{scheme}' (in '{uri}'); known: {string.Join(", ", Schemes)}.");
    }

    /// <inheritdoc />
    public Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default) =>
        StoreFor(uri).PutAsync(uri, content, cancellationToken);

    /// <inheritdoc />
    public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default) =>
        StoreFor(uri).GetAsync(uri, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) =>
        StoreFor(uri).ExistsAsync(uri, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var uri in StoreFor(prefix).ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            yield return uri;
    }

    /// <summary>Copies within one store with that store's own copy; across stores by streaming the object from one
    /// to the other (still atomic on the destination).</summary>
    public async Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var from = StoreFor(source);
        var to = StoreFor(destination);
        if (ReferenceEquals(from, to))
        {
            await from.CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
            return;
        }
        await using var content = await from.GetAsync(source, cancellationToken).ConfigureAwait(false);
        await to.PutAsync(destination, content, cancellationToken).ConfigureAwait(false);
    }
}
