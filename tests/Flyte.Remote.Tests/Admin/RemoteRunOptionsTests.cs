using System.Collections.Concurrent;
using Flyte.Execution;
using Flyte.Remote;
using Flyte.Tasks;
using Flyte.Workflows;
using Xunit;
using Task = System.Threading.Tasks.Task;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;

namespace Flyte.Tests.Admin;

/// <summary>
/// What <c>flyte run --remote</c> passes the remote interpreter through <see cref="InterpreterOptions"/>, as to the
/// other interpreters: the observer of the live view, the cache mode of <c>--no-cache</c>, and the stubs.
/// </summary>
public sealed class RemoteRunOptionsTests : IDisposable
{
    private static readonly FlyteTask<long, long> AddOne = FlyteTask.Define("add_one", (long x) => x + 1);

    private static readonly WorkflowSpec Twice = FlyteWorkflow.Define("twice").Input<long>("x")
        .Then((b, x) => b.Call(AddOne, b.Call(AddOne, x))).Build();

    private readonly FakeFlyteAdmin admin = new();
    private readonly FlyteAdminClient client;

    public RemoteRunOptionsTests()
    {
        client = new FlyteAdminClient(admin.Config(AdminTransport.Grpc));
        admin.Serve(Twice);
    }

    public void Dispose()
    {
        client.Dispose();
        admin.Dispose();
        Assert.Empty(admin.Problems);
    }

    private RemoteInterpreter Interpreter(InterpreterOptions run) =>
        new(client, new RemoteOptions { PollInterval = TimeSpan.FromMilliseconds(1) }, run);

    [Fact]
    public async Task The_observer_hears_every_node_queue_and_succeed()
    {
        var events = new ConcurrentQueue<NodeEvent>();
        var remote = Interpreter(InterpreterOptions.Default with { Observer = events.Enqueue });

        var result = await remote.RunAsync<long>(Twice, new { x = 1L });

        Assert.Equal(3L, result);
        var nodes = Twice.Nodes.Select(n => n.Id).ToList();
        Assert.Equal(2, nodes.Count);
        foreach (var node in nodes)
        {
            var statuses = events.Where(e => e.NodeId == node).Select(e => e.Status).ToList();
            Assert.Equal(NodeStatus.Queued, statuses[0]);
            Assert.Equal(NodeStatus.Succeeded, statuses[^1]);
            Assert.All(events.Where(e => e.NodeId == node), e => Assert.Equal("add_one", e.Name));
        }
    }

    [Theory]
    [InlineData(CacheMode.ReadWrite, false)]
    [InlineData(CacheMode.Overwrite, true)]
    [InlineData(CacheMode.NoCache, true)]
    public async Task The_cache_mode_decides_whether_the_execution_overwrites_the_cache(CacheMode mode, bool overwrite)
    {
        var remote = Interpreter(InterpreterOptions.Default with { Cache = mode });

        await remote.RunAsync(Twice, new { x = 1L });

        Assert.Equal(overwrite, admin.CreateRequestOf(remote.LastExecution!.Name).Spec.OverwriteCache);
    }

    [Fact]
    public async Task A_stubbed_task_is_refused_before_anything_is_registered()
    {
        var remote = Interpreter(InterpreterOptions.Default with { Stubs = TaskStubs.None.Replace(AddOne, x => x) });

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => remote.RunAsync(Twice, new { x = 1L }));

        Assert.Equal("add_one", error.Name);
        Assert.IsType<NotSupportedException>(error.InnerException);
        Assert.Contains("stubbed", error.Message, StringComparison.Ordinal);
        Assert.Empty(admin.Tasks);
        Assert.Null(remote.LastExecution);
    }

    [Fact]
    public async Task Unstubbed_tasks_set_to_fail_fail_the_node_as_locally()
    {
        var remote = Interpreter(InterpreterOptions.Default with { Stubs = TaskStubs.None.FailUnstubbed() });

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => remote.RunAsync(Twice, new { x = 1L }));

        Assert.Equal(FailureKind.UserError, error.Kind);
        Assert.Contains("has no stub", error.Message, StringComparison.Ordinal);
        Assert.Empty(admin.Tasks);
    }

    [Fact]
    public async Task The_interpreter_of_flyte_run_remote_gets_the_options_it_is_built_with()
    {
        var folder = Directory.CreateTempSubdirectory("flyte-remote-config-").FullName;
        try
        {
            var config = Path.Combine(folder, "config.yaml");
            // flytectl's form: dns:/// means gRPC.
            File.WriteAllText(config, $"admin:\n  endpoint: {admin.ConfigEndpoint(AdminTransport.Grpc)}\n  insecure: true\n");
            var events = new ConcurrentQueue<NodeEvent>();
            var run = InterpreterOptions.Default with { Observer = events.Enqueue, Cache = CacheMode.NoCache };

            var remote = RemoteInterpreter.FromEnvironment(run, config);
            await remote.RunAsync(Twice, new { x = 1L });

            Assert.Same(run, remote.Run);
            Assert.Equal(AdminTransport.Grpc, remote.Client.Config.Transport);
            Assert.True(admin.CreateRequestOf(remote.LastExecution!.Name).Spec.OverwriteCache);
            Assert.Contains(events, e => e.Status == NodeStatus.Succeeded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
