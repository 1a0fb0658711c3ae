using System.Runtime.ExceptionServices;
using Flyte.Workflows;

namespace Flyte.Execution;

/// <summary>
/// Propeller's scheduling, shared by the interpreters: the setup node first; then every node once all its upstream nodes
/// succeeded, independent nodes concurrently; the first failure cancels the nodes still running and skips the rest
/// (FAIL_IMMEDIATELY); the teardown node last, whatever happened before, unless the caller cancelled the whole run.
/// </summary>
public static class DagScheduler
{
    /// <summary>
    /// Runs <paramref name="runNode"/> for the nodes of <paramref name="workflow"/> in that order; rethrows the first failure
    /// (a teardown failure only when nothing failed before it).
    /// </summary>
    public static async Task RunAsync(WorkflowSpec workflow, Func<Node, CancellationToken, Task> runNode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(runNode);
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

        async Task<bool> After(Task<bool>[] upstream, Node node)
        {
            var ready = await Task.WhenAll(upstream).ConfigureAwait(false);
            return ready.All(ok => ok) && !abort.IsCancellationRequested && await Execute(node).ConfigureAwait(false);
        }

        try
        {
            if (workflow.Setup is null || await Execute(workflow.Setup).ConfigureAwait(false))
            {
                var done = new Dictionary<string, Task<bool>>();
                foreach (var node in workflow.Nodes)
                    done[node.Id] = After(node.UpstreamIds.Select(id => done[id]).ToArray(), node);
                await Task.WhenAll(done.Values).ConfigureAwait(false);
            }
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
}
