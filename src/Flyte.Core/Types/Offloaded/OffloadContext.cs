using System.Security.Cryptography;
using Flyte.Storage;

namespace Flyte.Types.Offloaded;

/// <summary>
/// The service offloaded values need, put in the <see cref="TransformerContext"/> with
/// <c>context.With(new OffloadContext(store, rawOutputPrefix))</c>: where files, directories, datasets and opaque
/// objects are written when they leave a task, and the store they are read from when they enter one.
/// </summary>
/// <param name="Store">The blob store (typically a <see cref="BlobStoreRouter"/> so that both <c>s3://</c> URIs and local paths resolve).</param>
/// <param name="RawOutputPrefix">The folder this task attempt writes offloaded data under (see <see cref="Storage.RawOutputPrefix"/>).</param>
public sealed record OffloadContext(IBlobStore Store, string RawOutputPrefix)
{
    /// <summary>
    /// Flytekit's local-execution rule: a <see cref="FlyteFile"/> or <see cref="FlyteDirectory"/> made from a local path
    /// keeps that path as its URI instead of being uploaded. Opaque objects and datasets are written to the store either way.
    /// </summary>
    public bool KeepLocalPaths { get; init; }

    /// <summary>The local folder lazy downloads land in (one random sub-folder per value); the system temp folder by default.</summary>
    public string DownloadRoot { get; init; } = Path.Combine(Path.GetTempPath(), "flyte", "downloads");

    /// <summary>How many objects a directory, dataset or batched list uploads or downloads at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>A local sandbox: the local file system store with a fresh raw output prefix under <paramref name="root"/>.</summary>
    public static OffloadContext Local(string root) =>
        new(BlobStoreRouter.Local, Storage.RawOutputPrefix.NewUnique(root)) { DownloadRoot = Path.Combine(root, "downloads") };

    /// <summary>A fresh object folder under the raw output prefix (<c>&lt;prefix&gt;/&lt;32 hex&gt;</c>), as flytekit's <c>put_raw_data</c> picks.</summary>
    public string NewOutputFolder() => BlobUri.Combine(RawOutputPrefix, NewId());

    /// <summary>A fresh empty local folder under <see cref="DownloadRoot"/>.</summary>
    public string NewDownloadFolder()
    {
        var path = Path.Combine(DownloadRoot, NewId());
        Directory.CreateDirectory(path);
        return path;
    }

    internal static string NewId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static readonly Lazy<OffloadContext> LocalDefault = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "flyte-" + NewId()[..8]);
        return new OffloadContext(BlobStoreRouter.Local, Path.Combine(root, "raw"))
        {
            KeepLocalPaths = true,
            DownloadRoot = Path.Combine(root, "sandbox", "local_flytekit"),
        };
    });

    /// <summary>
    /// What a context without an <see cref="OffloadContext"/> uses: flytekit's local execution — one process-wide temp
    /// folder (<c>&lt;temp&gt;/flyte-xxxxxxxx/</c>) with <c>raw/</c> as raw output prefix and <c>sandbox/local_flytekit/</c> for
    /// downloads, the local file system as store, and local files and folders kept at their paths.
    /// </summary>
    public static OffloadContext ProcessDefault => LocalDefault.Value;

    /// <summary>The offload service of <paramref name="context"/>, else <see cref="ProcessDefault"/>.</summary>
    internal static OffloadContext From(TransformerContext context, LiteralType type) =>
        context.Get<OffloadContext>() ?? ProcessDefault;
}
