using System.Runtime.CompilerServices;

namespace Flyte.Storage;

/// <summary>
/// A blob store on the local file system, addressed by <c>file:///abs/path</c> URIs or plain absolute paths.
/// The embedded default: the local interpreter keeps offloaded values under <see cref="DefaultRoot"/>.
/// </summary>
/// <remarks>
/// A put writes a hidden temporary file (<c>.flyte-tmp.&lt;name&gt;.&lt;id&gt;</c>) in the object's own folder, flushes
/// it to disk, then renames it over the object. The rename is atomic within one file system, which is why the
/// temporary file lives beside its target rather than in the system temp folder. Readers that opened the old
/// object keep reading the old bytes. Temporary files are never listed and are deleted when a put fails.
/// </remarks>
public sealed class LocalBlobStore : IBlobStore
{
    /// <summary>The file-name prefix of in-flight writes; such files are not objects.</summary>
    public const string TempFilePrefix = ".flyte-tmp.";

    private const int BufferSize = 81920;

    /// <summary>
    /// Where local runs keep their data when nothing else is configured: <c>&lt;home&gt;/.flyte/sandbox</c>, or
    /// <c>&lt;temp&gt;/flyte/sandbox</c> when there is no home folder.
    /// </summary>
    /// <param name="homeDirectory">The user's home folder; the current user's when <see langword="null"/>.</param>
    public static string DefaultRoot(string? homeDirectory = null)
    {
        var home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "flyte", "sandbox")
            : Path.Combine(home, ".flyte", "sandbox");
    }

    /// <summary>Creates a fresh, empty folder under the system temp folder and returns its path: a sandbox for
    /// one run that nothing else shares.</summary>
    public static string CreateTempSandbox() =>
        Directory.CreateTempSubdirectory("flyte-sandbox-").FullName;

    /// <summary>
    /// Deletes the temporary files of interrupted puts under <paramref name="folder"/> (recursively): what a killed
    /// writer left behind, since it could not clean up itself. Returns how many were deleted.
    /// </summary>
    public static int RemoveTempFiles(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, TempFilePrefix + "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            TryDelete(file);
            if (!File.Exists(file)) removed++;
        }
        return removed;
    }

    /// <inheritdoc />
    public async Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(uri);
        var folder = Path.GetDirectoryName(path) ?? throw new ArgumentException($"'{uri}' names a root, not an object.", nameof(uri));
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $"{TempFilePrefix}{Path.GetFileName(path)}.{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, BufferSize, cancellationToken).ConfigureAwait(false);
                // The rename must not reach the disk before the data does, or a crash could leave a short object.
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default)
    {
        var path = PathOf(uri);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.Delete lets a concurrent put rename over the object while this reader keeps the old bytes.
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(uri, e);
        }
        catch (UnauthorizedAccessException e) when (Directory.Exists(path))
        {
            throw new BlobNotFoundException(uri, e);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(uri)));

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = PathOf(prefix);
        var asUri = prefix.Contains("://", StringComparison.Ordinal);
        // Walking a folder blocks; do not do it on the caller's thread.
        await Task.Yield();
        if (!Directory.Exists(folder))
            yield break;
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var files = Directory.EnumerateFiles(folder, "*", options)
            .Where(file => !Path.GetFileName(file).StartsWith(TempFilePrefix, StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);
        foreach (var relative in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.Combine(folder, relative);
            yield return asUri ? BlobUri.FromLocalPath(full) : BlobUri.Combine(prefix, relative);
        }
    }

    /// <inheritdoc />
    public async Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        await using var content = await GetAsync(source, cancellationToken).ConfigureAwait(false);
        await PutAsync(destination, content, cancellationToken).ConfigureAwait(false);
    }

    private static string PathOf(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return BlobUri.ToLocalPath(uri);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
