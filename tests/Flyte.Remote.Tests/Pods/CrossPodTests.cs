using Amazon.S3.Model;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tests.Storage;
using Flyte.Tests.Support;
using Xunit;

namespace Flyte.Tests.Pods;

/// <summary>
/// Seed 000 as two pods with nothing in common but the store: <c>upload_result</c> runs in one sandbox, its
/// <c>outputs.pb</c> is read back with the npm flyteidl classes (every offloaded URI must lie under the raw output prefix
/// and exist), then <c>download_result</c> runs in a fresh, empty sandbox on those outputs.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class CrossPodTests(MotoServerFixture moto) : IDisposable
{
    private static readonly string Seed000 = Path.Combine(FlyteidlJs.RepositoryRoot, "docs", "examples", "custom_objects.fsx");
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-cross-pod-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private IReadOnlyDictionary<string, string> S3Environment => new Dictionary<string, string>
    {
        ["FLYTE_AWS_ENDPOINT"] = moto.Endpoint, ["FLYTE_AWS_ACCESS_KEY_ID"] = "testing", ["FLYTE_AWS_SECRET_ACCESS_KEY"] = "testing",
        ["AWS_REGION"] = "us-east-1", [S3Options.TimeoutVariable] = "10",
    };

    [Fact]
    public async Task Seed_000_on_S3_leaves_only_raw_prefix_uris_that_exist_and_a_fresh_pod_reads_them_back()
    {
        var store = BlobStoreRouter.Local.With(S3BlobStore.Scheme, new S3BlobStore(moto.Options));
        var root = $"s3://{moto.Bucket}/cross-pod/{Guid.NewGuid():N}";
        var raw = $"{root}/raw/n0";
        await store.PutBytesAsync($"{root}/n0/data/inputs.pb", LiteralMap.Empty.ToBytes());

        var upload = await PodProcess.ExecuteAsync(
            PodProcess.Arguments($"{root}/n0/data/inputs.pb", $"{root}/n0/data/0", raw, Seed000, "upload_result"), S3Environment);
        PodProcess.AssertSucceeded(upload);

        var bytes = await store.GetBytesAsync($"{root}/n0/data/0/outputs.pb");
        var uris = PodProcess.OffloadedUris(FlyteidlJs.DecodeWithMsgpack("flyteidl.core.LiteralMap", bytes));
        Assert.Equal(3, uris.Count);
        foreach (var uri in uris)
        {
            Assert.StartsWith(raw + "/", uri);
            var key = uri[$"s3://{moto.Bucket}/".Length..];
            var listed = await moto.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = moto.Bucket, Prefix = key });
            Assert.True(listed.S3Objects is { Count: > 0 }, $"nothing in the bucket at {uri}");
        }

        var result = ProtoSerializer.LiteralMapFromBytes(bytes).Literals["o0"];
        await store.PutBytesAsync($"{root}/n1/data/inputs.pb", new LiteralMap(ValueMap<Literal>.Empty.SetItem("res", result)).ToBytes());
        var download = await PodProcess.ExecuteAsync(
            PodProcess.Arguments($"{root}/n1/data/inputs.pb", $"{root}/n1/data/0", $"{root}/raw/n1", Seed000, "download_result"), S3Environment);
        PodProcess.AssertSucceeded(download);
        Assert.False(await store.ExistsAsync($"{root}/n1/data/0/error.pb"));
    }

    [Fact]
    public async Task Seed_000_with_local_folders_and_a_relative_output_prefix_hands_over_too()
    {
        // The shared "bucket" is a folder; the pod's working directory is it, so a relative prefix lands in it.
        var inputs = Path.Combine(_dir, "n0", "data", "inputs.pb");
        await BlobStoreRouter.Local.PutBytesAsync(inputs, LiteralMap.Empty.ToBytes());
        var raw = BlobUri.FromLocalPath(Path.Combine(_dir, "raw", "n0"));

        var upload = await PodProcess.ExecuteAsync(PodProcess.Arguments(inputs, "n0/data/0", raw, Seed000, "upload_result"), workingDirectory: _dir);
        PodProcess.AssertSucceeded(upload);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, "n0", "data", "0", "outputs.pb"));
        var uris = PodProcess.OffloadedUris(FlyteidlJs.DecodeWithMsgpack("flyteidl.core.LiteralMap", bytes));
        Assert.Equal(3, uris.Count);
        foreach (var uri in uris)
        {
            Assert.StartsWith(Path.Combine(_dir, "raw", "n0") + "/", BlobUri.ToLocalPath(uri));
            Assert.True(File.Exists(BlobUri.ToLocalPath(uri)) || Directory.EnumerateFiles(BlobUri.ToLocalPath(uri)).Any(), $"nothing at {uri}");
        }

        var result = ProtoSerializer.LiteralMapFromBytes(bytes).Literals["o0"];
        var next = Path.Combine(_dir, "n1", "data", "inputs.pb");
        await BlobStoreRouter.Local.PutBytesAsync(next, new LiteralMap(ValueMap<Literal>.Empty.SetItem("res", result)).ToBytes());
        var download = await PodProcess.ExecuteAsync(
            PodProcess.Arguments(next, Path.Combine(_dir, "n1", "data", "0"), Path.Combine(_dir, "raw", "n1"), Seed000, "download_result"));
        PodProcess.AssertSucceeded(download);
    }
}
