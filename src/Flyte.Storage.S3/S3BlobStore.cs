using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Flyte.Storage;

/// <summary>
/// A blob store on S3 or an S3-compatible service, addressed by <c>s3://bucket/key</c> URIs.
/// </summary>
/// <remarks>
/// S3 makes each PutObject and each completed multipart upload visible all at once, so puts are atomic as long as
/// nothing is sent before the content is known to be whole. Content shorter than one part
/// (<see cref="S3Options.PartSize"/>) is therefore buffered and sent with one PutObject; longer content goes up as a
/// multipart upload that is completed only after the stream ended cleanly, and aborted on any failure (the
/// abort is best effort: a bucket lifecycle rule for incomplete multipart uploads cleans up after a lost
/// connection). Keys ending in <c>/</c> (folder markers made by consoles) are not listed.
/// </remarks>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly int _partSize;
    private readonly TimeSpan? _readTimeout;

    /// <summary>A store with its own client built from <paramref name="options"/>.</summary>
    public S3BlobStore(S3Options options)
        : this(CreateClient(options), options, ownsClient: true)
    {
    }

    /// <summary>A store over an existing <paramref name="client"/>, which the caller keeps ownership of.
    /// <paramref name="options"/> supplies the part size only.</summary>
    public S3BlobStore(IAmazonS3 client, S3Options? options = null)
        : this(client, options ?? new S3Options(), ownsClient: false)
    {
    }

    private S3BlobStore(IAmazonS3 client, S3Options options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (options.PartSize < S3Options.MinimumPartSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.PartSize, $"S3 parts are at least {S3Options.MinimumPartSize} bytes.");
        _client = client;
        _partSize = options.PartSize;
        _readTimeout = options.Timeout;
        _ownsClient = ownsClient;
    }

    /// <summary>The scheme this store serves, for <see cref="BlobStoreRouter.With"/>.</summary>
    public const string Scheme = "s3";

    /// <summary>An S3 client configured from <paramref name="options"/>: endpoint, path style, signing region,
    /// timeouts, retries, and credentials (explicit keys, else the SDK's default chain).</summary>
    public static AmazonS3Client CreateClient(S3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.UsesPathStyle,
            // Checksums only where S3 demands them: S3-compatible stores (MinIO, moto, Ceph) vary in their support
            // for the SDK's default streaming checksum trailers.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.Endpoint is not null)
        {
            config.ServiceURL = options.Endpoint;
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }
        else if (options.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        if (options.Timeout is { } timeout)
        {
            config.Timeout = timeout;
            config.ConnectTimeout = timeout;
        }
        if (options.MaxErrorRetry is { } retries)
            config.MaxErrorRetry = retries;
        return options.UsesAccessKeys
            ? new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    /// <inheritdoc />
    public async Task PutAsync(string uri, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (bucket, key) = S3Uri.Parse(uri, requireKey: true);
        var buffer = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var filled = await FillAsync(content, buffer, _partSize, cancellationToken).ConfigureAwait(false);
            if (filled < _partSize)
            {
                await Call(uri, "put", () => _client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = key,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    AutoCloseStream = false,
                }, cancellationToken), cancellationToken).ConfigureAwait(false);
                return;
            }
            await PutMultipartAsync(uri, bucket, key, content, buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task PutMultipartAsync(string uri, string bucket, string key, Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var upload = await Call(uri, "start multipart upload", () => _client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken), cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            var filled = _partSize;
            while (filled > 0)
            {
                var number = parts.Count + 1;
                var part = await Call(uri, $"upload part {number}", () => _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = upload.UploadId,
                    PartNumber = number,
                    InputStream = new MemoryStream(buffer, 0, filled, writable: false),
                    PartSize = filled,
                }, cancellationToken), cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
                filled = filled < _partSize ? 0 : await FillAsync(content, buffer, _partSize, cancellationToken).ConfigureAwait(false);
            }
            await Call(uri, "complete multipart upload", () => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartETags = parts,
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await TryAbortAsync(bucket, key, upload.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task TryAbortAsync(string bucket, string key, string uploadId)
    {
        try
        {
            // Not the caller's token: a cancelled put must still clean up.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, CancellationToken.None))
        {
            // The failure that made us abort is the one to report; see the remarks on lifecycle rules.
        }
    }

    /// <inheritdoc />
    public async Task<Stream> GetAsync(string uri, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = S3Uri.Parse(uri, requireKey: true);
        try
        {
            var response = await Call(uri, "get", () => _client.GetObjectAsync(bucket, key, cancellationToken), cancellationToken).ConfigureAwait(false);
            // The request's timeout ends with the headers; a body that stops arriving is bounded here.
            return _readTimeout is { } timeout ? new StallGuardStream(response.ResponseStream, timeout, uri) : response.ResponseStream;
        }
        catch (BlobStoreException e) when (IsNotFound(e.InnerException))
        {
            throw new BlobNotFoundException(uri, e.InnerException);
        }
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string uri, CancellationToken cancellationToken = default)
    {
        var (bucket, key) = S3Uri.Parse(uri, requireKey: true);
        try
        {
            await Call(uri, "head", () => _client.GetObjectMetadataAsync(bucket, key, cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobStoreException e) when (IsNotFound(e.InnerException))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (bucket, keyPrefix) = S3Uri.Parse(prefix, requireKey: false);
        var folder = keyPrefix.TrimEnd('/');
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = folder.Length == 0 ? null : folder + "/" };
        do
        {
            var page = await Call(prefix, "list", () => _client.ListObjectsV2Async(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.S3Objects ?? [])
                if (!entry.Key.EndsWith('/'))
                    yield return S3Uri.Format(bucket, entry.Key);
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <inheritdoc />
    public async Task CopyAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        var (fromBucket, fromKey) = S3Uri.Parse(source, requireKey: true);
        var (toBucket, toKey) = S3Uri.Parse(destination, requireKey: true);
        try
        {
            await Call(source, "copy", () => _client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = fromBucket,
                SourceKey = fromKey,
                DestinationBucket = toBucket,
                DestinationKey = toKey,
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (BlobStoreException e) when (IsNotFound(e.InnerException))
        {
            throw new BlobNotFoundException(source, e.InnerException);
        }
    }

    /// <summary>Disposes the client if this store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
            _client.Dispose();
    }

    /// <summary>Runs one S3 request, turning the SDK's and the network's failures into <see cref="BlobStoreException"/>.</summary>
    private static async Task<T> Call<T>(string uri, string operation, Func<Task<T>> request, CancellationToken cancellationToken)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            var reason = e is OperationCanceledException or TimeoutException ? "the request timed out" : e.Message;
            throw new BlobStoreException(uri, $"S3 {operation} of '{uri}' failed: {reason}", e);
        }
    }

    private static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or WebException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static bool IsNotFound(Exception? e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } s3 && s3.ErrorCode is not "NoSuchBucket";

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                break;
            filled += read;
        }
        return filled;
    }
}

/// <summary>A download stream that fails with a <see cref="BlobStoreException"/> when no byte arrives for a whole timeout.</summary>
internal sealed class StallGuardStream(Stream inner, TimeSpan timeout, string uri) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(timeout);
        try
        {
            return await inner.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BlobStoreException(uri, $"S3 get of '{uri}' stalled: no data for {timeout.TotalSeconds:0.#} s.", e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Splitting <c>s3://bucket/key</c> URIs.</summary>
internal static class S3Uri
{
    public static (string Bucket, string Key) Parse(string uri, bool requireKey)
    {
        ArgumentNullException.ThrowIfNull(uri);
        const string prefix = "s3://";
        if (!uri.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"'{uri}' is not an s3:// URI.", nameof(uri));
        var rest = uri[prefix.Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : rest[(slash + 1)..];
        if (bucket.Length == 0)
            throw new ArgumentException($"'{uri}' names no bucket.", nameof(uri));
        if (requireKey && (key.Length == 0 || key.EndsWith('/')))
            throw new ArgumentException($"'{uri}' names a bucket or folder, not an object.", nameof(uri));
        return (bucket, key);
    }

    public static string Format(string bucket, string key) => $"s3://{bucket}/{key}";
}
