using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Flyte.Storage;

namespace Flyte.Tests.Types.Offloaded;

// ── seed types (shared by the local and the S3 suites) ──

/// <summary>Seed 002's People: a plain class with a constructor and a mutable field — not a record, so it falls back.</summary>
public class People
{
    public string Name;

    public People(string name) => Name = name;
}

/// <summary>Seed 000's dataframe rows.</summary>
public sealed record NameAge(string Name, long Age);

/// <summary>A row with a column of every dataset column type.</summary>
public sealed record AllColumns(string? Name, long Age, int Count, double Score, bool Ok, long? Maybe, DateTime When, DateTimeOffset At,
    DateOnly Day, TimeSpan Took, DayOfWeek Weekday);

/// <summary>Seed 000's Result{schema, file, directory}.</summary>
public sealed record Result(Flyte.Types.Offloaded.FlyteDataset<NameAge> Schema, Flyte.Types.Offloaded.FlyteFile File, Flyte.Types.Offloaded.FlyteDirectory Directory);

/// <summary>Counts store calls by kind, to prove laziness and no-copy hand-offs.</summary>
public sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private int _gets, _puts, _lists, _copies;

    public int Gets => _gets;
    public int Puts => _puts;
    public int Lists => _lists;
    public int Copies => _copies;

    public Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _puts);
        return inner.PutAsync(uri, content, cancellationToken);
    }

    public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _gets);
        return inner.GetAsync(uri, cancellationToken);
    }

    public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) => inner.ExistsAsync(uri, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListAsync(prefix, cancellationToken);
    }

    public Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _copies);
        return inner.CopyAsync(source, destination, cancellationToken);
    }
}

/// <summary>A store that goes away after <paramref name="okPuts"/> puts: the next put reads part of its stream, then fails.</summary>
public sealed class VanishingBlobStore(IBlobStore inner, int okPuts) : IBlobStore
{
    private int _puts;

    public async Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref _puts) <= okPuts)
        {
            await inner.PutAsync(uri, content, cancellationToken);
            return;
        }
        var buffer = new byte[16];
        _ = await content.ReadAsync(buffer, cancellationToken);
        throw new BlobStoreException(uri, "the store went away mid-write");
    }

    public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default) => inner.GetAsync(uri, cancellationToken);
    public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) => inner.ExistsAsync(uri, cancellationToken);
    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    public Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default) => inner.CopyAsync(source, destination, cancellationToken);
}

/// <summary>An in-memory "remote" store under the scheme <c>mem://</c>: URIs that are not local paths, without a network.</summary>
public sealed class MemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public async Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        _objects[uri] = buffer.ToArray();
    }

    public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default) =>
        _objects.TryGetValue(uri, out var data) ? Task.FromResult<Stream>(new MemoryStream(data, writable: false))
            : Task.FromException<Stream>(new BlobNotFoundException(uri));

    public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) => Task.FromResult(_objects.ContainsKey(uri));

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var folder = prefix.TrimEnd('/') + "/";
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            yield return key;
    }

    public async Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        await using var stream = await GetAsync(source, cancellationToken);
        await PutAsync(destination, stream, cancellationToken);
    }

    public void Remove(string uri) => _objects.TryRemove(uri, out _);

    public void Replace(string uri, byte[] data) => _objects[uri] = data;
}

/// <summary>Temporary local folders, deleted with the suite.</summary>
public sealed class TempFolders : IDisposable
{
    private readonly List<string> _folders = [];

    public string New()
    {
        var path = Path.Combine(Path.GetTempPath(), "flyte-offload-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        lock (_folders) _folders.Add(path);
        return path;
    }

    public string NewFile(string name, byte[] content)
    {
        var path = Path.Combine(New(), name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
