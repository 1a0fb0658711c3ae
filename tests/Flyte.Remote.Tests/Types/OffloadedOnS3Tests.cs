using Flyte.Storage;
using Flyte.Tests.Storage;
using Flyte.Types;
using Flyte.Types.Fallback;
using Flyte.Types.Offloaded;
using Xunit;

namespace Flyte.Tests.Types.Offloaded;

/// <summary>The offloaded-types contract on S3 (moto): everything received is remote, so laziness is visible in the counts.</summary>
[Collection(MotoCollection.Name)]
public sealed class OffloadedOnS3Tests(MotoServerFixture moto) : OffloadedContract
{
    private readonly S3BlobStore _s3 = new(moto.Options);

    protected override IBlobStore Store => BlobStoreRouter.Local.With(S3BlobStore.Scheme, _s3);
    protected override string Root => $"s3://{moto.Bucket}/raw";
    protected override bool RemoteStore => true;

    [Fact]
    public async Task A_file_already_in_S3_is_handed_on_without_a_copy_and_read_lazily()
    {
        var uri = $"s3://{moto.Bucket}/inputs/{Guid.NewGuid():N}/given.txt";
        await Store.PutBytesAsync(uri, "already there"u8.ToArray());
        var (context, counter, _) = NewContext();
        var literal = await Out(FlyteFile.FromUri(uri), context);
        Assert.Equal(uri, ((Blob)literal.Value).Uri);
        Assert.Equal(0, counter.Puts + counter.Gets + counter.Copies);
        var file = await In<FlyteFile>(literal, context);
        Assert.Equal("already there", await file.ReadAllTextAsync());
        Assert.Equal(1, counter.Gets);
    }

    [Fact]
    public async Task A_large_batched_list_is_written_and_read_in_parallel_in_order()
    {
        var items = Enumerable.Range(0, 2500).Select(i => new People($"p{i}")).ToList();
        var transformer = BatchedFallback.Wrap(typeof(List<People>), 250);
        var (context, counter, _) = NewContext();
        var literal = await transformer.ToLiteralAsync(items, context);
        Assert.Equal(10, counter.Puts);
        var back = (List<People>)(await transformer.ToValueAsync(literal, NewContext().Context))!;
        Assert.Equal(items.Select(p => p.Name), back.Select(p => p.Name));
    }
}
