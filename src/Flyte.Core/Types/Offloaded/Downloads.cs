using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>Runs one download at most once; a failed attempt is forgotten so the next call tries again.</summary>
internal sealed class OnceAsync(Func<CancellationToken, Task<string>> run)
{
    private readonly Lock _gate = new();
    private Task<string>? _task;

    public bool Completed => _task is { IsCompletedSuccessfully: true };

    public Task<string> RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled) _task = run(cancellationToken);
            return _task;
        }
    }
}

/// <summary>Copies between the blob store and local files.</summary>
internal static class Transfer
{
    /// <summary>Downloads <paramref name="uri"/> to <paramref name="localPath"/> through a temp file, so a failed download leaves nothing behind.</summary>
    public static async Task DownloadAsync(IBlobStore store, string uri, string localPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(localPath)!);
        var temp = localPath + ".part-" + OffloadContext.NewId()[..8];
        try
        {
            await using (var source = await store.GetAsync(uri, cancellationToken).ConfigureAwait(false))
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            File.Move(temp, localPath, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Uploads the local file <paramref name="localPath"/> as the object <paramref name="uri"/>.</summary>
    public static async Task UploadAsync(IBlobStore store, string localPath, string uri, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await store.PutAsync(uri, source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last segment of a URI or path (<c>s3://b/x/data.csv</c> → <c>data.csv</c>); <c>file</c> when there is none.</summary>
    public static string BaseName(string uri)
    {
        var trimmed = uri.TrimEnd('/', '\\');
        var cut = trimmed.LastIndexOfAny(['/', '\\']);
        var name = cut < 0 ? trimmed : trimmed[(cut + 1)..];
        return name.Length == 0 || name.Contains(':') ? "file" : Uri.UnescapeDataString(name);
    }

    /// <summary>Runs <paramref name="body"/> over <paramref name="items"/> with at most <paramref name="parallelism"/> at once.</summary>
    public static Task ForEachAsync<T>(IEnumerable<T> items, int parallelism, CancellationToken cancellationToken, Func<T, CancellationToken, ValueTask> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, body);
}
