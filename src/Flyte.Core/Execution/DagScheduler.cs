using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>
/// Propeller's scheduling, shared by the interpreters: the setup node first; then every node once all its upstream nodes
/// succeeded, independent nodes concurrently (in declaration order when more are ready than may run); the first failure
/// cancels the nodes still running and skips the rest (FAIL_IMMEDIATELY); the teardown node last, whatever happened
/// before, unless the caller cancelled the whole run.
/// </summary>
public static class DagScheduler
{
    /// <summary>
    /// Runs <paramref name="runNode"/> for the nodes of <paramref name="workflow"/> in that order, with no bound on how
    /// many run at once; rethrows the first failure (a teardown failure only when nothing failed before it).
    /// </summary>
    public static Task RunAsync(WorkflowSpec workflow, Func<Node, CancellationToken, Task> runNode, CancellationToken cancellationToken) =>
        RunAsync(workflow, runNode, int.MaxValue, cancellationToken);

    /// <summary>
    /// Runs <paramref name="runNode"/> for the nodes of <paramref name="workflow"/> in that order, at most
    /// <paramref name="maxRunningNodes"/> at once; rethrows the first failure (a teardown failure only when nothing failed
    /// before it). Nodes wait for their turn here, not parked inside <paramref name="runNode"/>, so a wide fan-out costs
    /// memory for the running nodes only.
    /// </summary>
    public static async Task RunAsync(WorkflowSpec workflow, Func<Node, CancellationToken, Task> runNode, int maxRunningNodes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(runNode);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunningNodes, 1);
        Exception? failure = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task<bool> Execute(Node node)
        {
            try
            {
                await runNode(node, abort.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The first failure wins; nodes cancelled because of it are not failures of their own.
                if (Interlocked.CompareExchange(ref failure, e, null) is null) abort.Cancel();
                return false;
            }
        }

        try
        {
            if (workflow.Setup is null || await Execute(workflow.Setup).ConfigureAwait(false))
                await RunNodesAsync(workflow.Nodes, Execute, maxRunningNodes, abort.Token).ConfigureAwait(false);
        }
        finally
        {
            if (workflow.Teardown is { } teardown && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await runNode(teardown, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (failure is null)
                {
                    failure = e;
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>
    /// Starts each node once its upstream nodes succeeded, at most <paramref name="maxRunning"/> at a time, until all ran
    /// or <paramref name="stop"/> is cancelled (then the nodes not yet started are skipped).
    /// </summary>
    private static async Task RunNodesAsync(IReadOnlyList<Node> nodes, Func<Node, Task<bool>> execute, int maxRunning, CancellationToken stop)
    {
        var waitingFor = new Dictionary<string, int>(nodes.Count);
        var downstream = new Dictionary<string, List<Node>>();
        var ready = new Queue<Node>();
        foreach (var node in nodes)
        {
            var upstream = node.UpstreamIds.Distinct().ToList();
            waitingFor[node.Id] = upstream.Count;
            foreach (var id in upstream)
            {
                if (!downstream.TryGetValue(id, out var list)) downstream[id] = list = [];
                list.Add(node);
            }
            if (upstream.Count == 0) ready.Enqueue(node);
        }

        // Finished nodes report here; every started node reports exactly once, whatever happens to it.
        var finished = Channel.CreateUnbounded<(Node Node, bool Succeeded)>(new UnboundedChannelOptions { SingleReader = true });
        async Task Start(Node node)
        {
            var succeeded = false;
            try
            {
                succeeded = await execute(node).ConfigureAwait(false);
            }
            finally
            {
                finished.Writer.TryWrite((node, succeeded));
            }
        }

        var running = 0;
        while (true)
        {
            while (running < maxRunning && ready.Count > 0 && !stop.IsCancellationRequested)
            {
                running++;
                _ = Start(ready.Dequeue());
            }
            if (running == 0) return;
            var (done, ok) = await finished.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            running--;
            if (ok && downstream.TryGetValue(done.Id, out var next))
                foreach (var node in next)
                    if (--waitingFor[node.Id] == 0) ready.Enqueue(node);
        }
    }
}
