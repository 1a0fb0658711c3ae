using Flyte.Compile;
using Flyte.Config;
using Flyte.Execution;
using Flyte.Remote;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Tests.Config;
using Flyte.Tests.Storage;
using Flyte.Workflows;
using Google.Protobuf;
using Xunit;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Tests.Admin;

/// <summary>Outputs above Admin's inline limit, at <c>outputs.url</c> in S3 (moto), read by the remote interpreter and by <see cref="FlyteRemote"/> over gRPC.</summary>
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
        var wf = ServeShoutingByUrl();
        using var client = new FlyteAdminClient(admin.Config(AdminTransport.Grpc));
        var remote = new RemoteInterpreter(client, new RemoteOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(1),
            Store = BlobStoreRouter.Local.With(S3BlobStore.Scheme, s3),
        });

        var result = await remote.RunAsync<string>(wf, new { text = "big" });

        Assert.Equal("BIG!", result);
    }
    [Fact]
    public async Task FlyteRemote_from_a_flytectl_config_reads_them_through_its_storage_section()
    {
        var wf = ServeShoutingByUrl();
        using var folder = new ConfigFolder();
        // What `flytectl demo start` writes, pointed at the fake and moto.
        var path = folder.Write($"""
            admin:
              endpoint: {admin.ConfigEndpoint(AdminTransport.Grpc)}
              insecure: true
            storage:
              type: minio
              container: {moto.Bucket}
              connection:
                endpoint: {moto.Endpoint}
                access-key: testing
                secret-key: testing
                region: us-east-1
            """);
        using var remote = FlyteRemote.FromConfig(FlyteConfig.Load(ConfigFolder.Env(), path));
        await remote.Client.RegisterAsync(Registration.Compile([], [wf], CompileOptions.Default with { Version = "v1" }));

        var run = await remote.WaitAsync(await remote.ExecuteAsync(await remote.FetchWorkflowAsync("shouting"), new { text = "big" }),
            new RemoteWaitOptions { PollInterval = TimeSpan.FromMilliseconds(1) });

        Assert.Equal(AdminTransport.Grpc, remote.Client.Config.Transport);
        Assert.Equal("BIG!", await run.GetOutputAsync<string>("o0"));
    }

    /// <summary>
    /// Serves workflow <c>shouting</c> with its outputs by URL, where propeller leaves them in the bucket: the end node's
    /// outputs.pb under the execution's metadata prefix.
    /// </summary>
    private WorkflowSpec ServeShoutingByUrl()
    {
        var shout = FlyteTask.Define("shout", (string text) => text.ToUpperInvariant() + "!");
        var wf = FlyteWorkflow.Define("shouting").Input<string>("text").Then((b, text) => b.Call(shout, text)).Build();
        admin.Serve(wf);
        admin.OutputsTooLargeToInline = true;
        admin.OutputsUrl = (name, outputs) =>
        {
            var uri = $"s3://{moto.Bucket}/metadata/flytesnacks-development-{name}/end-node/data/0/outputs.pb";
            s3.PutBytesAsync(uri, outputs.ToByteArray()).GetAwaiter().GetResult();
            return uri;
        };
        return wf;
    }
}
