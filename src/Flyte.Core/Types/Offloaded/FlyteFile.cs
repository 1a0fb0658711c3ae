using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// A file that travels between tasks as a <c>Blob</c> literal of dimensionality SINGLE (flytekit's <c>FlyteFile</c>).
/// <para>
/// Made from a local path, it is uploaded under the raw output prefix when it leaves a task (or keeps its path when the
/// <see cref="OffloadContext.KeepLocalPaths"/> local-execution rule applies). Made from a URI, or received as an input, it
/// is never copied: the URI is handed on. A received remote file is not downloaded until it is read
/// (<see cref="OpenReadAsync"/>, <see cref="ReadAllTextAsync"/>, <see cref="DownloadAsync"/>), and then only once.
/// </para>
/// </summary>
public class FlyteFile
{
    private readonly IBlobStore? _store;
    private readonly OnceAsync? _download;
    private readonly string? _localPath;

    internal FlyteFile(string uri, string format, IBlobStore? store, string? downloadRoot)
    {
        Uri = uri;
        Format = format;
        if (BlobUri.IsLocal(uri))
        {
            _localPath = BlobUri.ToLocalPath(uri);
            return;
        }
        _store = store;
        var root = downloadRoot ?? Path.Combine(Path.GetTempPath(), "flyte", "downloads");
        _download = new OnceAsync(async ct =>
        {
            var store = _store ?? throw new InvalidOperationException(
                $"The file {Uri} has no blob store to read it from: it was made with FlyteFile.FromUri without a store.");
            var path = Path.Combine(root, OffloadContext.NewId(), Transfer.BaseName(Uri));
            await Transfer.DownloadAsync(store, Uri, path, ct).ConfigureAwait(false);
            return path;
        });
    }

    /// <summary>Whether the file arrived as a task input (then it is handed on by URI, never copied).</summary>
    internal bool Received { get; set; }

    /// <summary>Where the file is: a local path, or the URI of an object in the blob store.</summary>
    public string Uri { get; }

    /// <summary>The format (<c>BlobType.format</c>), e.g. <c>csv</c>; empty when unspecified.</summary>
    public string Format { get; }

    /// <summary>Whether the file lives in a blob store rather than on the local file system.</summary>
    public bool IsRemote => _localPath is null;

    /// <summary>Whether the content is available locally (a local file, or a remote file already downloaded).</summary>
    public bool IsAvailableLocally => !IsRemote || _download!.Completed;

    /// <summary>String metadata copied to and from <c>Literal.metadata</c> (flytekit's <c>FlyteFile.metadata</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get => _metadata; init => _metadata = value; }

    private IReadOnlyDictionary<string, string> _metadata = new Dictionary<string, string>();

    internal void AttachMetadata(IReadOnlyDictionary<string, string> metadata) => _metadata = metadata;

    /// <summary>A file on the local disk; it is uploaded when it leaves the task.</summary>
    /// <param name="path">A path to an existing file (made absolute).</param>
    /// <param name="format">Its format, empty for unspecified.</param>
    public static FlyteFile FromLocalPath(string path, string format = "") => new(Path.GetFullPath(path), format, null, null);

    /// <summary>An object already in a blob store (e.g. <c>s3://bucket/key</c>): handed on without a copy.</summary>
    /// <param name="uri">The object's URI.</param>
    /// <param name="format">Its format, empty for unspecified.</param>
    /// <param name="store">The store to read it from if this task reads it; not needed to pass it on.</param>
    public static FlyteFile FromUri(string uri, string format = "", IBlobStore? store = null) => new(uri, format, store, null);

    /// <summary>The local path of the content, downloading it first if the file is remote and not yet downloaded.</summary>
    /// <exception cref="BlobNotFoundException">The object does not exist (the exception names its URI).</exception>
    public Task<string> DownloadAsync(CancellationToken cancellationToken = default) =>
        _localPath is not null ? Task.FromResult(_localPath) : _download!.RunAsync(cancellationToken);

    /// <summary>Opens the content for reading (downloading it first if needed).</summary>
    /// <exception cref="BlobNotFoundException">The object or the local file does not exist.</exception>
    public async Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default)
    {
        var path = await DownloadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(Uri, e);
        }
    }

    /// <summary>The whole content as UTF-8 text.</summary>
    public async Task<string> ReadAllTextAsync(CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole content.</summary>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <inheritdoc />
    public override string ToString() => Format.Length == 0 ? $"FlyteFile({Uri})" : $"FlyteFile[{Format}]({Uri})";
}

/// <summary>A <see cref="FlyteFile"/> whose format is part of its type (flytekit's <c>FlyteFile["csv"]</c>): <c>FlyteFile&lt;FileFormats.Csv&gt;</c>.</summary>
/// <typeparam name="TFormat">The format.</typeparam>
public sealed class FlyteFile<TFormat> : FlyteFile where TFormat : IFileFormat
{
    internal FlyteFile(string uri, IBlobStore? store, string? downloadRoot) : base(uri, TFormat.Name, store, downloadRoot) { }

    /// <summary>A file on the local disk; it is uploaded when it leaves the task.</summary>
    public static FlyteFile<TFormat> FromLocalPath(string path) => new(Path.GetFullPath(path), null, null);

    /// <summary>An object already in a blob store: handed on without a copy.</summary>
    public static FlyteFile<TFormat> FromUri(string uri, IBlobStore? store = null) => new(uri, store, null);
}
