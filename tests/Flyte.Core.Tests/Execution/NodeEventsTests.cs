using System.Collections.Concurrent;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>The local interpreter tells <see cref="InterpreterOptions.Observer"/> how each node and child action goes.</summary>
public sealed class NodeEventsTests
{
    [Fact]
    public async Task Nodes_are_queued_then_run_then_succeed_and_children_are_reported_under_their_parent()
    {
        var events = new ConcurrentQueue<NodeEvent>();
        var wf = FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => b.Call(SummarizeResults, summary))
            .Build();
        var interpreter = new LocalInterpreter(new InterpreterOptions { Engine = Engine, Observer = events.Enqueue });

        await interpreter.RunAsync(wf, new { batch = Batch });

        var nodes = wf.Nodes.Select(n => n.Id).ToList();
        foreach (var id in nodes)
            Assert.Equal([NodeStatus.Queued, NodeStatus.Running, NodeStatus.Succeeded], events.Where(e => e.NodeId == id).Select(e => e.Status));
        Assert.All(events.Where(e => e.NodeId == nodes[0]), e => Assert.Equal("process_batch", e.Name));
        var children = events.Where(e => e.NodeId.StartsWith(nodes[0] + "-c", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, children.Count);    // two predict_one calls, each running then succeeded
        Assert.All(children, e => Assert.Equal("predict_one", e.Name));
        Assert.Equal(2, children.Count(e => e.Status == NodeStatus.Succeeded));
    }

    [Fact]
    public async Task A_failing_node_is_reported_failed_with_its_message_and_its_downstream_stays_queued()
    {
        var events = new ConcurrentQueue<NodeEvent>();
        var boom = FlyteTask.Define("boom", (long x) => x > 0 ? throw new InvalidOperationException("no positive numbers") : x, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(boom, x))
            .Then((b, y) => b.Call(AddOne, y))
            .Build();
        var interpreter = new LocalInterpreter(new InterpreterOptions { Engine = Engine, Observer = events.Enqueue });

        await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => interpreter.RunAsync(wf, new { x = 1L }));

        var failed = Assert.Single(events, e => e.Status == NodeStatus.Failed);
        Assert.Equal("boom", failed.Name);
        Assert.Contains("no positive numbers", failed.Message);
        var downstream = wf.Nodes[1].Id;
        Assert.Equal([NodeStatus.Queued], events.Where(e => e.NodeId == downstream).Select(e => e.Status));
    }
}
