using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.LocalCluster;
using Flyte.Tasks;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;
using Pb = Flyteidl.Core;

namespace Flyte.Tests.LocalCluster;

/// <summary>
/// Every attempt as its own OS process: <c>dotnet flyte.dll execute … -- Flyte.Remote.Tests.dll &lt;task&gt;</c>. The seed
/// tasks live in <see cref="Samples"/>, public and static, so the CLI's loader finds them in this very test assembly.
/// </summary>
public sealed class ProcessLauncherTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "flyte-cluster-process-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private LocalClusterInterpreter Cluster(Func<TaskSpec, TaskSource?> locate) =>
        new(InterpreterOptions.Default with { Engine = Engine },
            new LocalClusterOptions { MetadataRoot = _root, Launcher = new ProcessTaskLauncher(Flyte.Tests.Pods.PodProcess.FlyteDll, locate) });

    private static TaskSource? InThisAssembly(TaskSpec task) => new(typeof(Samples).Assembly.Location, task.Name);

    [Fact]
    public async Task The_seed_workflow_gives_the_same_outputs_in_separate_processes()
    {
        var wf = FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => (summary, b.Call(SummarizeResults, summary), b.Call(Describe, summary.Field<double>("average"))))
            .Build();

        var local = await new LocalInterpreter(InterpreterOptions.Default with { Engine = Engine }).RunAsync(wf, new { batch = Batch });
        var cluster = await Cluster(InThisAssembly).RunAsync(wf, new { batch = Batch });

        Assert.Equal(local.Outputs, cluster.Outputs);
        Assert.Equal("Batch test_batch: 2 predictions, average 14", await cluster.OutputsAsync<(PredictionSummary, string, string)>(Engine).ContinueWith(t => t.Result.Item2));
    }

    [Fact]
    public async Task A_task_the_file_does_not_define_fails_once_with_the_entrypoints_error()
    {
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x").Then((b, x) => b.Call(AddOne, x)).Build();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() =>
            Cluster(t => new TaskSource(typeof(Samples).Assembly.Location, "no_such_task")).RunAsync(wf, new { x = 1L }));

        Assert.Equal(1, error.Attempts);
        var container = Assert.IsType<ContainerTaskException>(error.InnerException);
        Assert.Equal(("SYSTEM:TaskNotFound", Pb.ContainerError.Types.Kind.NonRecoverable), (container.Error.Code, container.Error.Kind));
        Assert.Contains("add_one", container.Error.Message);
    }
}
