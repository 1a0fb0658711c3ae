using Flyte.Tasks;
using Flyte.Workflows;

namespace Flyte.Tests.Workflows;

/// <summary>
/// Tasks that <c>flyte run Flyte.Testing.Contracts.dll &lt;task&gt; --remote</c> finds (public and static; the test assembly itself holds a gRPC server the CLI cannot load), and the one-node
/// workflows the fake Admin runs for them (the CLI runs a task as a workflow of the same name).
/// </summary>
public static class RemoteSamples
{
    public static FlyteTask<long, long> Increment { get; } = FlyteTask.Define("increment", (long x) => x + 1);

    /// <summary>Never finishes: its execution stays RUNNING until it is terminated.</summary>
    public static FlyteTask<long, long> Hang { get; } = FlyteTask.Define("hang_forever", async (long x) =>
    {
        await System.Threading.Tasks.Task.Delay(Timeout.InfiniteTimeSpan);
        return x;
    });

    /// <summary>The workflow <c>flyte run</c> registers for <paramref name="task"/>: one node, same name and interface.</summary>
    public static WorkflowSpec AsWorkflow(FlyteTask<long, long> task) =>
        FlyteWorkflow.Define(task.Name).Input<long>("x").Then((b, x) => b.Call(task, x)).Build();
}
