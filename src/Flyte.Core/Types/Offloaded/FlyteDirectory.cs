using System.Collections.Concurrent;
using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// A folder of files that travels between tasks as a <c>Blob</c> literal of dimensionality MULTIPART (flytekit's
/// <c>FlyteDirectory</c>). Made from a local folder, it is uploaded recursively when it leaves a task (unless
/// <see cref="OffloadContext.KeepLocalPaths"/>); received from another task it stays remote: <see cref="ListAsync"/>
/// lists it without downloading, <see cref="DownloadEntryAsync"/> fetches one file and <see cref="DownloadAsync"/> all.
/// </summary>
public sealed class FlyteDirectory
{
    private readonly IBlobStore? _store;
    private readonly string? _localPath;
    private readonly OnceAsync? _downloadAll;
    private readonly string _downloadFolder;
    private readonly int _parallelism;
    private readonly ConcurrentDictionary<string, Task<string>> _entries = new(StringComparer.Ordinal);

    internal FlyteDirectory(string uri, string format, IBlobStore? store, OffloadContext? offload)
    {
        Uri = uri;
        Format = format;
        _parallelism = offload?.MaxParallelism ?? 4;
        _downloadFolder = Path.Combine(offload?.DownloadRoot ?? Path.Combine(Path.GetTempPath(), "flyte", "downloads"), OffloadContext.NewId());
        if (BlobUri.IsLocal(uri))
        {
            _localPath = BlobUri.ToLocalPath(uri);
            return;
        }
        _store = store;
        _downloadAll = new OnceAsync(async ct =>
        {
            var names = await ListAsync(ct).ConfigureAwait(false);
            await Transfer.ForEachAsync(names, _parallelism, ct, async (name, c) => await DownloadEntryAsync(name, c).ConfigureAwait(false)).ConfigureAwait(false);
            Directory.CreateDirectory(_downloadFolder);
            return _downloadFolder;
        });
    }

    /// <summary>Whether the folder arrived as a task input (then it is handed on by URI, never copied).</summary>
    internal bool Received { get; set; }

    /// <summary>Where the folder is: a local path, or the URI prefix of its objects in the blob store.</summary>
    public string Uri { get; }

    /// <summary>The format of the files in it; usually empty.</summary>
    public string Format { get; }

    /// <summary>Whether the folder lives in a blob store rather than on the local file system.</summary>
    public bool IsRemote => _localPath is null;

    /// <summary>A folder on the local disk; it is uploaded, recursively, when it leaves the task.</summary>
    public static FlyteDirectory FromLocalPath(string path, string format = "") => new(Path.GetFullPath(path), format, null, null);

    /// <summary>A folder already in a blob store (a URI prefix): handed on without a copy.</summary>
    /// <param name="uri">The prefix.</param>
    /// <param name="format">The format of its files, empty for unspecified.</param>
    /// <param name="store">The store to read it from if this task reads it.</param>
    public static FlyteDirectory FromUri(string uri, string format = "", IBlobStore? store = null) => new(uri, format, store, null);

    /// <summary>The relative names (<c>/</c>-separated, ordinal order) of every file in the folder, recursively, without downloading anything.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (_localPath is not null)
            return Directory.EnumerateFiles(_localPath, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(_localPath, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal).ToList();
        var store = Store();
        var prefix = Uri.TrimEnd('/') + "/";
        var names = new List<string>();
        await foreach (var uri in store.ListAsync(Uri, cancellationToken).ConfigureAwait(false))
            names.Add(uri.StartsWith(prefix, StringComparison.Ordinal) ? uri[prefix.Length..] : Transfer.BaseName(uri));
        return names;
    }

    /// <summary>A <see cref="FlyteFile"/> for one entry (by relative name), itself lazy: nothing is downloaded.</summary>
    public FlyteFile GetFile(string relativeName) =>
        _localPath is not null
            ? FlyteFile.FromLocalPath(Path.Combine(_localPath, relativeName))
            : new FlyteFile(BlobUri.Combine(Uri, relativeName), "", _store, _downloadFolder + "-files");

    /// <summary>The local path of one entry, downloading only that file if the folder is remote.</summary>
    /// <exception cref="BlobNotFoundException">No such entry.</exception>
    public Task<string> DownloadEntryAsync(string relativeName, CancellationToken cancellationToken = default)
    {
        if (_localPath is not null)
        {
            var path = Path.Combine(_localPath, relativeName);
            return File.Exists(path) ? Task.FromResult(path) : Task.FromException<string>(new BlobNotFoundException(path));
        }
        var store = Store();
        var task = _entries.GetOrAdd(relativeName, name => Download(store, name, cancellationToken));
        if (task.IsFaulted || task.IsCanceled)
        {
            _entries.TryRemove(new KeyValuePair<string, Task<string>>(relativeName, task));
            task = _entries.GetOrAdd(relativeName, name => Download(store, name, cancellationToken));
        }
        return task;
    }

    private async Task<string> Download(IBlobStore store, string name, CancellationToken cancellationToken)
    {
        var local = Path.Combine(_downloadFolder, name.Replace('/', Path.DirectorySeparatorChar));
        await Transfer.DownloadAsync(store, BlobUri.Combine(Uri, name), local, cancellationToken).ConfigureAwait(false);
        return local;
    }

    /// <summary>The local folder holding every file, downloading them all (in parallel) the first time if the folder is remote.</summary>
    public Task<string> DownloadAsync(CancellationToken cancellationToken = default) =>
        _localPath is not null ? Task.FromResult(_localPath) : _downloadAll!.RunAsync(cancellationToken);

    /// <summary>Opens one entry for reading (downloading that entry only).</summary>
    public async Task<Stream> OpenReadAsync(string relativeName, CancellationToken cancellationToken = default)
    {
        var path = await DownloadEntryAsync(relativeName, cancellationToken).ConfigureAwait(false);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
    }

    private IBlobStore Store() => _store ?? throw new InvalidOperationException(
        $"The directory {Uri} has no blob store to read it from: it was made with FlyteDirectory.FromUri without a store.");

    /// <inheritdoc />
    public override string ToString() => $"FlyteDirectory({Uri})";
}

/// <summary><see cref="FlyteDirectory"/> ⇄ <c>Blob{format, MULTIPART}</c>, under flytekit's name <c>FlyteDirectory</c>.</summary>
public sealed class FlyteDirectoryTransformer : TypeTransformer<FlyteDirectory>
{
    /// <inheritdoc />
    public override string Name => "FlyteDirectory";

    /// <inheritdoc />
    public override LiteralType LiteralType { get; } = new(new BlobType("", BlobDimensionality.Multipart));

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(FlyteDirectory value, TransformerContext context)
    {
        if (value is null) throw new TypeTransformerException(LiteralType, "null", "None value cannot be converted to a directory.");
        var offload = OffloadContext.From(context, LiteralType);
        var uri = value.Uri;
        if (!value.IsRemote && !value.Received)
        {
            if (!Directory.Exists(uri))
                throw new TypeTransformerException(LiteralType, $"the local path {uri}", $"Expected a directory. {uri} is not a directory.");
            if (!offload.KeepLocalPaths)
            {
                var source = uri;
                uri = offload.NewOutputFolder();
                var names = await value.ListAsync(context.CancellationToken).ConfigureAwait(false);
                var target = uri;
                if (BlobUri.IsLocal(target)) Directory.CreateDirectory(BlobUri.ToLocalPath(target));
                await Transfer.ForEachAsync(names, offload.MaxParallelism, context.CancellationToken, async (name, ct) =>
                    await Transfer.UploadAsync(offload.Store, Path.Combine(source, name), BlobUri.Combine(target, name), ct).ConfigureAwait(false))
                    .ConfigureAwait(false);
            }
        }
        return new Blob(new BlobMetadata(new BlobType(value.Format, BlobDimensionality.Multipart)), uri);
    }

    /// <inheritdoc />
    public override ValueTask<FlyteDirectory> ToValueAsync(Literal literal, TransformerContext context)
    {
        var blob = OffloadedLiterals.ReadBlob(literal, LiteralType);
        if (blob.Metadata.Type.Dimensionality != BlobDimensionality.Multipart)
            throw new TypeTransformerException(LiteralType, $"a {blob.Metadata.Type} blob", $"{blob.Uri} is not a directory (a SINGLE blob is a file).");
        if (BlobUri.IsLocal(blob.Uri) && !Directory.Exists(BlobUri.ToLocalPath(blob.Uri)))
            throw new TypeTransformerException(LiteralType, $"the local path {blob.Uri}", $"Expected a directory, but {blob.Uri} is not a directory.");
        var offload = OffloadContext.From(context, LiteralType);
        return ValueTask.FromResult(new FlyteDirectory(blob.Uri, blob.Metadata.Type.Format, offload.Store, offload) { Received = true });
    }
}
