using Amazon.S3;
using Flyte.Storage;
using Xunit;

namespace Flyte.Tests.Storage;

/// <summary>
/// One S3 emulator for the test collection: the one <c>.ci/run</c> started (<c>FLYTE_TEST_S3_ENDPOINT</c>) or a
/// <c>moto_server</c> of our own on a free loopback port. Either way a fresh bucket, so runs never see each other.
/// </summary>
public sealed class MotoServerFixture : IAsyncLifetime
{
    public const string EndpointVariable = "FLYTE_TEST_S3_ENDPOINT";

    private MotoServer? _ownServer;

    public string Endpoint { get; private set; } = "";

    public string Bucket { get; } = $"flyte-test-{Guid.NewGuid():N}"[..40];

    /// <summary>Options for the emulator; short timeouts and one retry so a dead server fails a test fast.</summary>
    public S3Options Options => ForEndpoint(Endpoint);

    public AmazonS3Client Client { get; private set; } = null!;

    public static S3Options ForEndpoint(string endpoint) => new()
    {
        Endpoint = endpoint,
        Region = "us-east-1",
        AccessKey = "testing",
        SecretKey = "testing",
        Timeout = TimeSpan.FromSeconds(5),
        MaxErrorRetry = 1,
        PartSize = S3Options.MinimumPartSize,
    };

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(EndpointVariable);
        if (string.IsNullOrEmpty(given))
        {
            _ownServer = await MotoServer.StartAsync();
            Endpoint = _ownServer.Endpoint;
        }
        else
        {
            Endpoint = given;
            await MotoServer.WaitUntilAnsweringAsync(Endpoint, null, TimeSpan.FromSeconds(30));
        }
        Client = S3BlobStore.CreateClient(Options);
        await Client.PutBucketAsync(Bucket);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        _ownServer?.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoServerFixture>
{
    public const string Name = "moto";
}
