using Flyte.Entrypoints;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tests.Storage;
using Flyte.Types.Offloaded;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.Pods;

/// <summary>
/// A store that stops answering (a moto_server of this test's own, paused with SIGSTOP: connections are accepted,
/// never answered) ends the attempt with a recoverable SYSTEM error instead of hanging. Timeouts are short here
/// (1 s, one retry); the defaults are documented in docs/reliability.md.
/// </summary>
public sealed class PausedStoreTests : IAsyncLifetime
{
    private MotoServer _moto = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("flyte-paused-store-").FullName;
    private const string Bucket = "paused";

    public async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        using var client = S3BlobStore.CreateClient(MotoServerFixture.ForEndpoint(_moto.Endpoint));
        await client.PutBucketAsync(Bucket);
    }

    public Task DisposeAsync()
    {
        _moto.Resume();
        _moto.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    private IBlobStore Store => BlobStoreRouter.Local.With(S3BlobStore.Scheme,
        new S3BlobStore(MotoServerFixture.ForEndpoint(_moto.Endpoint) with { Timeout = TimeSpan.FromSeconds(1), MaxErrorRetry = 1 }));

    private static readonly Flyte.Tasks.FlyteTask<FlyteFile> Upload = Flyte.Tasks.FlyteTask.Define("upload", () =>
    {
        var path = Path.Combine(Path.GetTempPath(), "flyte-paused-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, "never arrives");
        return FlyteFile.FromLocalPath(path);
    }, Engine);

    [Fact]
    public async Task A_paused_S3_ends_the_attempt_with_a_recoverable_system_error_and_no_hang()
    {
        var store = Store;
        var s3Inputs = $"s3://{Bucket}/n0/data/inputs.pb";
        await store.PutBytesAsync(s3Inputs, LiteralMap.Empty.ToBytes());
        var localInputs = Path.Combine(_dir, "inputs.pb");
        await File.WriteAllBytesAsync(localInputs, LiteralMap.Empty.ToBytes());
        _moto.Pause();

        // The upload of an offloaded output hangs on the paused store: error.pb (local) says SYSTEM, RECOVERABLE.
        var upload = await Entrypoint.ExecuteAsync(new EntrypointOptions(localInputs, Path.Combine(_dir, "a"), $"s3://{Bucket}/raw/a"),
            Upload.Spec, Engine, store);
        AssertOutage(upload.Error, Path.Combine(_dir, "a"), $"s3://{Bucket}/raw/a/");

        // Reading inputs.pb from it: the same.
        var read = await Entrypoint.ExecuteAsync(new EntrypointOptions(s3Inputs, Path.Combine(_dir, "b"), Path.Combine(_dir, "raw")), Upload.Spec, Engine, store);
        AssertOutage(read.Error, Path.Combine(_dir, "b"), s3Inputs);

        // Everything on it, error.pb included: the entrypoint gives up with EntrypointWriteException (the process exits 1).
        var nowhere = await Assert.ThrowsAsync<EntrypointWriteException>(() =>
            Entrypoint.ExecuteAsync(new EntrypointOptions(s3Inputs, $"s3://{Bucket}/n0/data/0", $"s3://{Bucket}/raw/c"), Upload.Spec, Engine, store));
        Assert.Contains("error.pb", nowhere.Message);
    }

    private static void AssertOutage(Pb.ContainerError? error, string outputPrefix, string uri)
    {
        Assert.NotNull(error);
        Assert.True(error.Origin == Pb.ExecutionError.Types.ErrorKind.System, error.Code + ": " + error.Message);
        Assert.Equal((Pb.ExecutionError.Types.ErrorKind.System, Pb.ContainerError.Types.Kind.Recoverable), (error.Origin, error.Kind));
        Assert.Contains(uri, error.Message);
        var written = Pb.ErrorDocument.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(outputPrefix, "error.pb"))).Error;
        Assert.Equal(error.Code, written.Code);
        Assert.False(File.Exists(Path.Combine(outputPrefix, "outputs.pb")));
    }
}
