using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.LocalCluster;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tests.Storage;
using Flyte.Tests.Support;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Pods;

/// <summary>Adds variables to every attempt's environment, as a pod spec's <c>env</c> would.</summary>
internal sealed class WithEnvironment(ITaskLauncher inner, IReadOnlyDictionary<string, string> environment) : ITaskLauncher
{
    public Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken) =>
        inner.LaunchAsync(launch with { Environment = new Dictionary<string, string>(launch.Environment.Concat(environment)) }, cancellationToken);
}

/// <summary>Gives the named task a relative raw output prefix: it lands in the pod's working directory, gone with the pod.</summary>
internal sealed class PodLocalRawPrefix(ITaskLauncher inner, string taskName) : ITaskLauncher
{
    public Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken) =>
        inner.LaunchAsync(launch.Task.Name == taskName ? launch with { Options = launch.Options with { RawOutputDataPrefix = "pod-raw" } } : launch,
            cancellationToken);
}

/// <summary>
/// The local cluster with one sandboxed process per attempt and S3 (moto) as the only shared medium: every kind of
/// offloaded value crosses pods and reads back as the local interpreter reads it; a pod-local path is caught.
/// </summary>
[Collection(MotoCollection.Name)]
public sealed class LocalClusterPodTests(MotoServerFixture moto)
{
    private IBlobStore Store => BlobStoreRouter.Local.With(S3BlobStore.Scheme, new S3BlobStore(moto.Options));

    private static TaskSource InThisAssembly(Flyte.Tasks.TaskSpec task) => new(PodProcess.TestAssembly, task.Name);

    private ITaskLauncher Pods(Func<ITaskLauncher, ITaskLauncher>? wrap = null)
    {
        ITaskLauncher launcher = new ProcessTaskLauncher(PodProcess.FlyteDll, InThisAssembly);
        launcher = new WithEnvironment(launcher, new Dictionary<string, string>
        {
            ["FLYTE_AWS_ENDPOINT"] = moto.Endpoint, ["FLYTE_AWS_ACCESS_KEY_ID"] = "testing", ["FLYTE_AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_REGION"] = "us-east-1", [S3Options.TimeoutVariable] = "10",
        });
        return wrap is null ? launcher : wrap(launcher);
    }

    private LocalClusterInterpreter Cluster(ITaskLauncher launcher) =>
        new(InterpreterOptions.Default with { Engine = Engine, Cache = CacheMode.NoCache, MaxDegreeOfParallelism = 2 },
            new LocalClusterOptions { MetadataRoot = $"s3://{moto.Bucket}/cluster/{Guid.NewGuid():N}", Store = Store, Launcher = launcher });

    [Fact]
    public async Task Files_directories_datasets_and_opaque_objects_cross_pods_over_S3_as_they_do_locally()
    {
        var local = await new LocalInterpreter(InterpreterOptions.Default with { Engine = Engine, Cache = CacheMode.NoCache })
            .RunAsync(PodSamples.Offloaded, PodSamples.OffloadedInputs);
        var cluster = Cluster(Pods());

        var result = await cluster.RunAsync(PodSamples.Offloaded, PodSamples.OffloadedInputs);

        Assert.Equal(local.Outputs, result.Outputs);
        Assert.Equal(new Primitive.StringValue("rows=Tom:20,Joseph:22; file=Hello world!; directory=schema.csv"), result.Outputs.Literals["o0"].Value);
        Assert.Equal(new Primitive.StringValue("a=first,b=second"), result.Outputs.Literals["o6"].Value);
        // Cross-check with independent code: the record's URIs, decoded by the npm classes, lie under that attempt's raw prefix and exist.
        var root = cluster.LastExecutionRoot!;
        var make = result.Nodes.Single(n => n.Name == "make_result").NodeId;
        var bytes = await Store.GetBytesAsync($"{root}/{make}/data/0/outputs.pb");
        var uris = PodProcess.OffloadedUris(FlyteidlJs.DecodeWithMsgpack("flyteidl.core.LiteralMap", bytes));
        Assert.Equal(3, uris.Count);
        foreach (var uri in uris)
        {
            Assert.StartsWith($"s3://{moto.Bucket}/", uri);
            Assert.NotEmpty(await Store.ListAllAsync(uri) is { Count: > 0 } listed ? listed : await Store.ExistsAsync(uri) ? [uri] : []);
        }
    }

    [Fact]
    public async Task A_pod_local_path_in_an_output_fails_the_next_pod_as_on_a_cluster()
    {
        var calm = await Cluster(Pods()).RunAsync(PodSamples.FileHandOff, new { });
        Assert.Equal(new Primitive.StringValue("from another pod"), calm.Outputs.Literals["o0"].Value);

        var leaky = Cluster(Pods(inner => new PodLocalRawPrefix(inner, "write_text")));
        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => leaky.RunAsync(PodSamples.FileHandOff, new { }));

        Assert.Equal("read_text", error.Name);
        var container = Assert.IsType<ContainerTaskException>(error.InnerException);
        Assert.Contains("pod-raw", container.Error.Message);
        Assert.Contains("is not a file", container.Error.Message);
    }
}
