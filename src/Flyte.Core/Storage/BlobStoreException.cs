namespace Flyte.Storage;

/// <summary>A blob store could not do what was asked for the object at <see cref="Uri"/> (unreachable, refused,
/// timed out, …). The inner exception holds the store-specific cause.</summary>
public class BlobStoreException : IOException
{
    /// <summary>Creates the exception for <paramref name="uri"/>.</summary>
    public BlobStoreException(string uri, string message, Exception? innerException = null)
        : base(message, innerException) => Uri = uri;

    /// <summary>The URI the failed operation addressed.</summary>
    public string Uri { get; }
}

/// <summary>No object exists at <see cref="BlobStoreException.Uri"/>.</summary>
public sealed class BlobNotFoundException : BlobStoreException
{
    /// <summary>Creates the exception for <paramref name="uri"/>.</summary>
    public BlobNotFoundException(string uri, Exception? innerException = null)
        : base(uri, $"No blob at '{uri}'.", innerException)
    {
    }
}
