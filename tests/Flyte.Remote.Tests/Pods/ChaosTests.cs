using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tests.Workflows;
using Flyte.LocalCluster;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Pods;

/// <summary>
/// A fifth of all attempts killed at random moments (before, during or after their output write): every workflow still
/// completes within its system retry budget with the outputs of a calm run, no outputs.pb is partial, no temporary file
/// is left behind, and every kill is one more attempt of its node — a recoverable system failure, as propeller
/// treats a lost pod.
/// </summary>
public sealed class ChaosTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("flyte-chaos-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly WorkflowSpec Batch = FlyteWorkflow.Define("batch_wf", Engine)
        .Input<BatchRequest>("batch")
        .Then((b, batch) => b.Call(ProcessBatch, batch))
        .Then((b, summary) => (summary, b.Call(SummarizeResults, summary), b.Call(Describe, summary.Field<double>("average"))))
        .Build();

    private LocalClusterInterpreter Cluster(ITaskLauncher? launcher, int systemRetries = 10) =>
        new(InterpreterOptions.Default with { Engine = Engine, Cache = CacheMode.NoCache, SystemRetries = systemRetries },
            new LocalClusterOptions { MetadataRoot = Path.Combine(_root, Guid.NewGuid().ToString("N")), Launcher = launcher });

    private static InProcessTaskLauncher Pods => new(BlobStoreRouter.Local, Engine) { KillGrace = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task With_a_fifth_of_attempts_killed_every_example_completes_with_the_calm_outputs()
    {
        (WorkflowSpec Workflow, object Inputs)[] examples = [(Batch, new { batch = Samples.Batch }), (PodSamples.Offloaded, PodSamples.OffloadedInputs)];
        var chaos = new ChaosTaskLauncher(Pods, share: 0.2, latest: TimeSpan.FromMilliseconds(20), seed: 11);
        var attempts = 0;
        for (var round = 0; round < 3; round++)
            foreach (var (workflow, inputs) in examples)
            {
                var calm = await Cluster(Pods).RunAsync(workflow, inputs);
                var killsBefore = chaos.Kills.Count;
                var cluster = Cluster(chaos);
                var stormy = await cluster.RunAsync(workflow, inputs);

                Assert.Equal(calm.Outputs, stormy.Outputs);
                var kills = chaos.Kills.Skip(killsBefore).ToList();
                foreach (var node in stormy.Nodes)
                    Assert.Equal(1 + kills.Count(k => k.ExecutionId == node.NodeId), node.Attempts);
                attempts += stormy.Nodes.Sum(n => n.Attempts);
            }
        Assert.NotEmpty(chaos.Kills);
        Assert.True(chaos.Kills.Count < attempts, $"{chaos.Kills.Count} kills in {attempts} attempts");

        // What readers could see: every outputs.pb whole, no half-written file anywhere.
        foreach (var outputs in Directory.EnumerateFiles(_root, "outputs.pb", SearchOption.AllDirectories))
            ProtoSerializer.LiteralMapFromBytes(await File.ReadAllBytesAsync(outputs));
        Assert.Empty(Directory.EnumerateFiles(_root, LocalBlobStore.TempFilePrefix + "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Killed_attempts_are_recoverable_system_failures_that_spend_the_system_budget()
    {
        var always = new ChaosTaskLauncher(Pods, share: 1.0, latest: TimeSpan.Zero);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(AddOne, x)).Build();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Cluster(always, systemRetries: 2).RunAsync(wf, new { x = 1L }));

        Assert.Equal((FailureKind.SystemError, 3, 3), (error.Kind, error.Attempts, always.Kills.Count));
        Assert.Contains("137", error.InnerException!.Message);
        Assert.Contains("killed", error.InnerException.Message);
    }

    /// <summary>Its first attempt dies mid-write, leaving what a killed process leaves: a half-written temporary file.</summary>
    private sealed class DiesMidWrite(ITaskLauncher inner) : ITaskLauncher
    {
        public string? LeftBehind { get; private set; }

        public Task<LaunchResult> LaunchAsync(TaskLaunch launch, CancellationToken cancellationToken)
        {
            if (LeftBehind is not null) return inner.LaunchAsync(launch, cancellationToken);
            LeftBehind = Path.Combine(launch.Options.OutputPrefix, LocalBlobStore.TempFilePrefix + "outputs.pb.0123");
            Directory.CreateDirectory(launch.Options.OutputPrefix);
            File.WriteAllBytes(LeftBehind, new byte[1000]);
            return Task.FromResult(new LaunchResult(ChaosTaskLauncher.KilledExitCode, "killed mid-write", []));
        }
    }

    [Fact]
    public async Task The_cluster_removes_what_a_killed_attempt_was_writing()
    {
        var launcher = new DiesMidWrite(Pods);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(AddOne, x)).Build();

        var result = await Cluster(launcher).RunAsync(wf, new { x = 1L });

        Assert.Equal(2, result.Node("n0").Attempts);
        Assert.NotNull(launcher.LeftBehind);
        Assert.False(File.Exists(launcher.LeftBehind));
    }
}
