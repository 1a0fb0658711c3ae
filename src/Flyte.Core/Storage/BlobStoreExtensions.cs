namespace Flyte.Storage;

/// <summary>Conveniences over <see cref="IBlobStore"/> for small objects held in memory.</summary>
public static class BlobStoreExtensions
{
    /// <summary>Writes <paramref name="content"/> as the object at <paramref name="uri"/>.</summary>
    public static Task PutBytesAsync(this IBlobStore store, string uri, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        // MemoryStream over a copy: the store may read the stream after the caller's buffer has changed.
        return store.PutAsync(uri, new MemoryStream(content.ToArray(), writable: false), cancellationToken);
    }

    /// <summary>Reads the whole object at <paramref name="uri"/>.</summary>
    /// <exception cref="BlobNotFoundException">No object exists at <paramref name="uri"/>.</exception>
    public static async Task<byte[]> GetBytesAsync(this IBlobStore store, string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var stream = await store.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        if (stream.CanSeek && stream.Length - stream.Position is var length and <= int.MaxValue)
        {
            // A stream that knows its length (a local file) is read into an array of that size, not grown by doubling.
            var bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length && await stream.ReadAsync(bytes.AsMemory(read), cancellationToken).ConfigureAwait(false) is var n and > 0)
                read += n;
            if (read < bytes.Length) return bytes[..read];
            var next = new byte[1];
            if (await stream.ReadAsync(next, cancellationToken).ConfigureAwait(false) == 0) return bytes;
            using var longer = new MemoryStream();
            longer.Write(bytes);
            longer.Write(next);
            await stream.CopyToAsync(longer, cancellationToken).ConfigureAwait(false);
            return longer.ToArray();
        }
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Collects <see cref="IBlobStore.ListAsync"/> into a list.</summary>
    public static async Task<IReadOnlyList<string>> ListAllAsync(this IBlobStore store, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var uris = new List<string>();
        await foreach (var uri in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
            uris.Add(uri);
        return uris;
    }
}
