using Flyte.Execution;
using Flyte.Remote;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Tests.Storage;
using Flyte.Workflows;
using Google.Protobuf;
using Xunit;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>Outputs above Admin's inline limit, at <c>outputs.url</c> in S3 (moto), read by the remote interpreter over gRPC.</summary>
[Collection(MotoCollection.Name)]
public sealed class OutputsByUrlOnS3Tests(MotoServerFixture moto) : IDisposable
{
    private readonly FakeFlyteAdmin admin = new();
    private readonly S3BlobStore s3 = new(moto.Options);

    public void Dispose()
    {
        s3.Dispose();
        admin.Dispose();
        Assert.Empty(admin.Problems);
    }

    [Fact]
    public async Task The_end_nodes_outputs_are_read_from_the_bucket()
    {
        var shout = FlyteTask.Define("shout", (string text) => text.ToUpperInvariant() + "!");
        var wf = FlyteWorkflow.Define("shouting").Input<string>("text").Then((b, text) => b.Call(shout, text)).Build();
        admin.Serve(wf);
        admin.OutputsTooLargeToInline = true;
        admin.OutputsUrl = (name, outputs) =>
        {
            // Where propeller leaves them: the end node's outputs.pb under the execution's metadata prefix.
            var uri = $"s3://{moto.Bucket}/metadata/flytesnacks-development-{name}/end-node/data/0/outputs.pb";
            s3.PutBytesAsync(uri, outputs.ToByteArray()).GetAwaiter().GetResult();
            return uri;
        };
        using var client = new FlyteAdminClient(admin.Config(AdminTransport.Grpc));
        var remote = new RemoteInterpreter(client, new RemoteOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(1),
            Store = BlobStoreRouter.Local.With(S3BlobStore.Scheme, s3),
        });

        var result = await remote.RunAsync<string>(wf, new { text = "big" });

        Assert.Equal("BIG!", result);
    }
}
