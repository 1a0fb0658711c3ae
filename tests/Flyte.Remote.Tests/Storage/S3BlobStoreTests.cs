using System.Diagnostics;
using Amazon.S3.Model;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

/// <summary>The IBlobStore behaviour suite on S3 (moto), plus what only S3 can get wrong.</summary>
[Collection(MotoCollection.Name)]
public sealed class S3BlobStoreTests(MotoServerFixture moto) : BlobStoreContract, IDisposable
{
    private readonly S3BlobStore _store = new(moto.Options);
    private readonly string _folder = $"run/{Guid.NewGuid():N}";

    protected override IBlobStore Store => _store;

    protected override string Root => $"s3://{moto.Bucket}/{_folder}";

    /// <summary>Two and a bit parts of <see cref="S3Options.MinimumPartSize"/>: the multipart path.</summary>
    protected override int LargeSize => 12 * 1024 * 1024;

    protected override async Task AssertNoLeftoversAsync()
    {
        var uploads = await moto.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = moto.Bucket, Prefix = _folder });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task A_large_put_is_one_object_made_of_several_parts()
    {
        var uri = At("parts.bin");
        await Store.PutAsync(uri, new MemoryStream(TestContent.Pattern(LargeSize, seed: 1)));

        var head = await moto.Client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = moto.Bucket, Key = $"{_folder}/parts.bin" });
        Assert.Equal(LargeSize, head.ContentLength);
        Assert.EndsWith("-3", head.ETag.Trim('"'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_store_failure_not_a_missing_object()
    {
        var uri = $"s3://no-such-bucket-{Guid.NewGuid():N}"[..40] + "/x.pb";

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => Store.GetAsync(uri));

        Assert.IsNotType<BlobNotFoundException>(error);
        Assert.Contains(uri, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_router_sends_s3_uris_here_and_paths_to_the_local_store()
    {
        var router = BlobStoreRouter.Local.With(S3BlobStore.Scheme, Store);
        var local = LocalBlobStore.CreateTempSandbox();
        try
        {
            var content = TestContent.Pattern(100, seed: 2);
            await router.PutBytesAsync(Path.Combine(local, "in.pb"), content);

            await router.CopyAsync(Path.Combine(local, "in.pb"), At("copied.pb"));

            Assert.Equal(content, await Store.GetBytesAsync(At("copied.pb")));
        }
        finally
        {
            Directory.Delete(local, recursive: true);
        }
    }

    [Fact]
    public async Task Uris_that_name_no_object_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync($"s3://{moto.Bucket}"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutBytesAsync($"s3://{moto.Bucket}/folder/", new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ExistsAsync("/tmp/not-s3"));
    }

    [Fact]
    public void A_part_smaller_than_S3_allows_is_refused_up_front() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new S3BlobStore(moto.Options with { PartSize = 1024 }));
}

/// <summary>S3 going away: each test owns its emulator, since it kills it.</summary>
public sealed class S3BlobStoreOutageTests
{
    [Fact]
    public async Task Killing_the_server_during_a_multipart_upload_fails_the_put_quickly_with_a_store_exception()
    {
        using var server = await MotoServer.StartAsync();
        var options = MotoServerFixture.ForEndpoint(server.Endpoint);
        using (var client = S3BlobStore.CreateClient(options))
            await client.PutBucketAsync("doomed");
        using var store = new S3BlobStore(options);
        var uri = "s3://doomed/big.bin";
        var content = new KillingStream(TestContent.Pattern(12 * 1024 * 1024, seed: 3), killAt: 7 * 1024 * 1024, server.Kill);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync(uri, content).WaitAsync(TimeSpan.FromSeconds(90)));

        Assert.True(content.Killed, "the server should have been killed mid-upload");
        Assert.Equal(uri, error.Uri);
        Assert.Contains("S3 upload part", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_store_exception_naming_the_uri_not_a_hang()
    {
        var options = MotoServerFixture.ForEndpoint($"http://127.0.0.1:{MotoServer.FreeLoopbackPort()}");
        using var store = new S3BlobStore(options);

        var exists = await Assert.ThrowsAsync<BlobStoreException>(() => store.ExistsAsync("s3://b/k").WaitAsync(TimeSpan.FromSeconds(60)));
        var put = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutBytesAsync("s3://b/k", new byte[] { 1 }).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Equal("s3://b/k", exists.Uri);
        Assert.Contains("S3 put of 's3://b/k' failed", put.Message, StringComparison.Ordinal);
        Assert.NotNull(put.InnerException);
    }

    /// <summary>Calls <c>kill</c> once the reader has taken <c>killAt</c> bytes, then keeps serving content.</summary>
    private sealed class KillingStream(byte[] content, long killAt, Action kill) : ContentStream(content)
    {
        public bool Killed { get; private set; }

        protected override ValueTask<long> BeforeReadAsync(long position, CancellationToken cancellationToken)
        {
            if (position >= killAt && !Killed)
            {
                kill();
                Killed = true;
            }
            return ValueTask.FromResult(long.MaxValue);
        }
    }
}
