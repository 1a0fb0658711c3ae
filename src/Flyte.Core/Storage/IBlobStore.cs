namespace Flyte.Storage;

/// <summary>
/// Object storage addressed by URI: the one seam between Flyte for .NET and wherever literals, offloaded
/// files and <c>inputs.pb</c>/<c>outputs.pb</c> live (a local folder, S3, …).
/// </summary>
/// <remarks>
/// <para>Every store keeps the same promises, checked by one behaviour suite run against each of them:</para>
/// <list type="bullet">
/// <item><description><see cref="PutAsync"/> is atomic: a reader sees the old object, no object, or the whole new
/// one, never a prefix. A put whose content stream fails leaves the previous state untouched.</description></item>
/// <item><description>A missing object is reported as <see cref="BlobNotFoundException"/>, never as a store-specific
/// exception; other failures of the store surface as <see cref="BlobStoreException"/>.</description></item>
/// <item><description>A prefix is a folder: <c>s3://b/a</c> lists <c>s3://b/a/x</c> but not <c>s3://b/ab</c>.</description></item>
/// </list>
/// </remarks>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> (read to its end) as the object at <paramref name="uri"/>,
    /// replacing any object there, atomically.</summary>
    Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the object at <paramref name="uri"/> for reading; the caller disposes the stream.</summary>
    /// <exception cref="BlobNotFoundException">No object exists at <paramref name="uri"/>.</exception>
    Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default);

    /// <summary>Whether an object exists at <paramref name="uri"/> (a folder-like prefix is not an object).</summary>
    Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default);

    /// <summary>The URIs of every object under the folder <paramref name="prefix"/>, recursively, in ordinal order
    /// and written in the same form as <paramref name="prefix"/>. A prefix with no objects yields nothing.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Copies the object at <paramref name="source"/> to <paramref name="destination"/>, atomically
    /// replacing any object there.</summary>
    /// <exception cref="BlobNotFoundException">No object exists at <paramref name="source"/>.</exception>
    Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default);
}
