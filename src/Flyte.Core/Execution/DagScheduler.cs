using System.Runtime.ExceptionServices;
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
    private static Task RunNodesAsync(IReadOnlyList<Node> nodes, Func<Node, Task<bool>> execute, int maxRunning, CancellationToken stop) =>
        new NodeStarter(nodes, execute, maxRunning, stop).RunAsync();

    /// <summary>
    /// The ready queue of one run. A finished node starts the next ones itself, on its own thread (no hop through a
    /// scheduling loop); one thread at a time starts nodes, so a node that finishes at once does not recurse.
    /// </summary>
    private sealed class NodeStarter
    {
        private readonly object _gate = new();
        private readonly Dictionary<string, int> _waitingFor;
        private readonly Dictionary<string, List<Node>> _downstream = [];
        private readonly Queue<Node> _ready = new();
        private readonly Func<Node, Task<bool>> _execute;
        private readonly int _maxRunning;
        private readonly CancellationToken _stop;
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private bool _starting;

        public NodeStarter(IReadOnlyList<Node> nodes, Func<Node, Task<bool>> execute, int maxRunning, CancellationToken stop)
        {
            (_execute, _maxRunning, _stop) = (execute, maxRunning, stop);
            _waitingFor = new Dictionary<string, int>(nodes.Count);
            foreach (var node in nodes)
            {
                var upstream = node.UpstreamIds.Distinct().ToList();
                _waitingFor[node.Id] = upstream.Count;
                foreach (var id in upstream)
                {
                    if (!_downstream.TryGetValue(id, out var list)) _downstream[id] = list = [];
                    list.Add(node);
                }
                if (upstream.Count == 0) _ready.Enqueue(node);
            }
        }

        public Task RunAsync()
        {
            StartReady();
            return _done.Task;
        }

        // Every started node reports here exactly once, whatever happened to it.
        private async Task Start(Node node)
        {
            var succeeded = false;
            try
            {
                succeeded = await _execute(node).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _running--;
                    if (succeeded && _downstream.TryGetValue(node.Id, out var next))
                        foreach (var n in next)
                            if (--_waitingFor[n.Id] == 0) _ready.Enqueue(n);
                }
                StartReady();
            }
        }

        private void StartReady()
        {
            lock (_gate)
            {
                if (_starting) return;   // the thread starting nodes sees this one's changes before it stops
                _starting = true;
            }
            while (true)
            {
                Node node;
                lock (_gate)
                {
                    if (_running >= _maxRunning || _ready.Count == 0 || _stop.IsCancellationRequested)
                    {
                        _starting = false;
                        if (_running == 0) _done.TrySetResult();
                        return;
                    }
                    _running++;
                    node = _ready.Dequeue();
                }
                _ = Start(node);
            }
        }
    }
}
