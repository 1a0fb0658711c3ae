using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Tasks;
using Flyte.Tests.Workflows;
using Flyte.Workflows;
using Xunit;
using static Flyte.Tests.Workflows.Samples;

namespace Flyte.Tests.Execution;

/// <summary>
/// What every interpreter must do, written once. An interpreter's test class derives from this and says how to make
/// the interpreter; local, local-cluster and remote interpreters all run these facts.
/// </summary>
public abstract partial class InterpreterBehaviour
{
    /// <summary>Makes the interpreter under test.</summary>
    protected abstract IWorkflowInterpreter CreateInterpreter(InterpreterOptions options);

    /// <summary>
    /// Whether the interpreter can see a task's nested calls. A remote interpreter cannot: they run inside the task's
    /// container, and FlyteAdmin records only nodes, so it still checks the nested calls' effect on the outputs.
    /// </summary>
    protected virtual bool RecordsChildActions => true;

    private IWorkflowInterpreter Interpreter(TaskStubs? stubs = null, int parallelism = 4) =>
        CreateInterpreter(new InterpreterOptions { Engine = Engine, Stubs = stubs ?? TaskStubs.None, MaxDegreeOfParallelism = parallelism });

    // Generous bound on waits that only a broken interpreter reaches: the tests synchronise on signals, never on time.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static WorkflowSpec Single<TIn, TOut>(FlyteTask<TIn, TOut> task, string input = "x") =>
        FlyteWorkflow.Define("single", Engine).Input<TIn>(input).Then((b, x) => b.Call(task, x)).Build();

    [Fact]
    public async Task Runs_a_chain_and_returns_typed_outputs()
    {
        var wf = FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => (summary, b.Call(SummarizeResults, summary)))
            .Build();

        var (summary, text) = await Interpreter().RunAsync<(PredictionSummary, string)>(wf, new { batch = Batch });

        Assert.Equal(14.0, summary.Average);
        Assert.Equal("Batch test_batch: 2 predictions, average 14", text);
    }

    [Fact]
    public async Task Values_cross_every_edge_as_literals()
    {
        var list = new List<long> { 1, 2 };
        IReadOnlyList<long>? received = null;
        var produce = FlyteTask.Define("produce", (long x) => (IReadOnlyList<long>)list, Engine);
        var consume = FlyteTask.Define("consume", (IReadOnlyList<long> xs) => { received = xs; return xs.Sum(); }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(consume, b.Call(produce, x))).Build();

        var result = await Interpreter().RunAsync(wf, new { x = 0L });

        Assert.Equal(3L, await result.OutputsAsync<long>(Engine));
        Assert.NotSame(list, received);
        Assert.Equal(list, received);
        Assert.Equal(new LiteralCollection(new([new Literal(new Primitive.Integer(1)), new Literal(new Primitive.Integer(2))])),
            result.Node("n1").Inputs.Literals["xs"].Value);
    }

    [Fact]
    public async Task Collections_of_promises_and_constants_are_bound_element_by_element()
    {
        var total = FlyteTask.Define("total", (IReadOnlyList<long> xs) => xs.Sum(), Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(total, b.List(x, b.Call(AddOne, x), b.Constant(100L)))).Build();

        Assert.Equal(["n0"], wf.Nodes[1].UpstreamIds.ToArray());
        Assert.Equal(105L, await Interpreter().RunAsync<long>(wf, new { x = 2L }));
    }

    [Fact]
    public async Task Independent_nodes_run_concurrently()
    {
        var arrived = 0;
        var bothArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var meet = FlyteTask.Define("meet", async (long x) =>
        {
            if (Interlocked.Increment(ref arrived) == 2) bothArrived.SetResult();
            await bothArrived.Task.WaitAsync(Patience);       // only completes if the other node is running too
            return x;
        }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("a").Input<long>("b")
            .Then((b, x, y) => (b.Call(meet, x), b.Call(meet, y))).Build();

        var (a, b) = await Interpreter(parallelism: 2).RunAsync<(long, long)>(wf, new { a = 1L, b = 2L });

        Assert.Equal((1L, 2L), (a, b));
    }

    [Fact]
    public async Task Parallelism_is_bounded()
    {
        var (running, maximum) = (0, 0);
        var track = FlyteTask.Define("track", async (long x) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maximum, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return x;
        }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("a")
            .Then((b, x) => (b.Call(track, x), b.Call(track, x), b.Call(track, x))).Build();

        await Interpreter(parallelism: 1).RunAsync(wf, new { a = 1L });

        Assert.Equal(1, maximum);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }

    [Fact]
    public async Task Recoverable_errors_are_retried_up_to_the_tasks_retries()
    {
        var attempts = 0;
        var flaky = FlyteTask.Define("flaky", (long x) =>
            Interlocked.Increment(ref attempts) < 3 ? throw new FlyteRecoverableException("service unavailable") : x * 10, Engine).WithRetries(2);

        var result = await Interpreter().RunAsync(Single(flaky), new { x = 4L });

        Assert.Equal(40L, await result.OutputsAsync<long>(Engine));
        Assert.Equal(3, result.Node("n0").Attempts);
    }

    [Fact]
    public async Task Exhausted_retries_fail_the_node_with_the_last_error()
    {
        var flaky = FlyteTask.Define("flaky", (long x) => x > 0 ? throw new FlyteRecoverableException("still down") : x, Engine).WithRetries(1);

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(Single(flaky), new { x = 4L }));

        Assert.Equal((2, FailureKind.RecoverableUserError), (error.Attempts, error.Kind));
        // Out of process, the message is error.pb's (flytekit's "Trace: … Message: <Type>: <message>" text): it ends with the exception's own.
        Assert.EndsWith("still down", error.InnerException!.Message);
    }

    [Fact]
    public async Task A_user_error_is_not_retried_and_names_the_node()
    {
        var attempts = 0;
        var bug = new InvalidOperationException("bug in user code");
        var broken = FlyteTask.Define("broken", (long x) => { Interlocked.Increment(ref attempts); return x > 0 ? throw bug : x; }, Engine)
            .WithRetries(5);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(AddOne, b.Call(broken, b.Call(AddOne, x)))).Build();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(wf, new { x = 1L }));

        Assert.Equal(("n1", "broken", FailureKind.UserError), (error.NodeId, error.Name, error.Kind));
        // Interpreters that run tasks in other processes carry the error across as its message (error.pb, in flytekit's
        // "Trace: … Message: <Type>: <message>" form), not as the object.
        Assert.EndsWith(bug.Message, error.InnerException!.Message);
        Assert.Equal(1, attempts);
        Assert.Contains("n1", error.Message);
    }

    [Fact]
    public async Task System_errors_use_the_interpreters_own_budget()
    {
        var attempts = 0;
        var shaky = FlyteTask.Define("shaky", (long x) =>
            Interlocked.Increment(ref attempts) <= 3 ? throw new FlyteSystemException("disk full") : x, Engine);

        var result = await Interpreter().RunAsync(Single(shaky), new { x = 4L });

        Assert.Equal(4, result.Node("n0").Attempts);
    }

    [Fact]
    public async Task A_timeout_cancels_the_attempt_and_is_retried()
    {
        var attempts = 0;
        var firstCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = FlyteTask.Define("slow", async (long x, CancellationToken ct) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                ct.Register(() => firstCancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, ct);        // waits for the timeout to cancel it
            }
            return x + 1;
        }, Engine).WithTimeout(TimeSpan.FromSeconds(1)).WithRetries(1);   // the retry must finish within it even on a loaded machine

        var result = await Interpreter().RunAsync(Single(slow), new { x = 1L });

        Assert.Equal(2L, await result.OutputsAsync<long>(Engine));
        Assert.Equal(2, result.Node("n0").Attempts);
        await firstCancelled.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_timeout_without_retries_fails_as_a_timeout_even_if_the_task_ignores_cancellation()
    {
        var never = new TaskCompletionSource<long>();
        var stuck = FlyteTask.Define("stuck", async (long x) => await never.Task, Engine).WithTimeout(TimeSpan.FromMilliseconds(50));

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter().RunAsync(Single(stuck), new { x = 1L }));

        Assert.Equal(FailureKind.Timeout, error.Kind);
        Assert.IsType<FlyteTimeoutException>(error.InnerException);
    }

    [Fact]
    public async Task Teardown_runs_after_everything_also_when_a_node_failed()
    {
        var log = new List<string>();
        var setup = FlyteTask.Define("setup", () => { lock (log) log.Add("setup"); }, Engine);
        var teardown = FlyteTask.Define("teardown", () => { lock (log) log.Add("teardown"); }, Engine);
        var ok = FlyteTask.Define("ok", (long x) => { lock (log) log.Add("ok"); return x; }, Engine);
        var failing = FlyteTask.Define("failing", (long x) => x > 0 ? throw new InvalidOperationException("boom") : x, Engine);
        var after = FlyteTask.Define("after", (long x) => { lock (log) log.Add("after"); return x; }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Setup(setup).Input<long>("x")
            .Then((b, x) => (b.Call(ok, x), b.Call(after, b.Call(failing, x))))
            .Teardown(teardown).Build();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter(parallelism: 1).RunAsync(wf, new { x = 1L }));

        Assert.Equal("failing", error.Name);
        Assert.Equal("setup", log[0]);
        Assert.Equal("teardown", log[^1]);
        Assert.DoesNotContain("after", log);
    }

    [Fact]
    public async Task Teardown_runs_last_on_success()
    {
        var log = new List<string>();
        var teardown = FlyteTask.Define("teardown", () => { lock (log) log.Add("teardown"); }, Engine);
        var step = FlyteTask.Define("step", (long x) => { lock (log) log.Add($"step {x}"); return x + 1; }, Engine);
        var wf = FlyteWorkflow.Define("wf", Engine).Input<long>("x")
            .Then((b, x) => b.Call(step, b.Call(step, x))).Teardown(teardown).Build();

        var result = await Interpreter().RunAsync(wf, new { x = 1L });

        Assert.Equal(["step 1", "step 2", "teardown"], log);
        Assert.Equal(["n0", "n1", "n2"], result.Nodes.Select(n => n.NodeId));
    }

    [Fact]
    public async Task Nested_task_calls_are_child_actions_of_the_running_node()
    {
        var result = await Interpreter().RunAsync(Single(ProcessBatch, "batch"), new { batch = Batch });

        var node = result.Node("n0");
        Assert.Equal(14.0, (await result.OutputsAsync<PredictionSummary>(Engine)).Average);
        if (!RecordsChildActions)
        {
            Assert.Empty(node.Children);
            return;
        }
        Assert.Equal(["predict_one", "predict_one"], node.Children.Select(c => c.TaskName));
        Assert.Equal(["n0-c0", "n0-c1"], node.Children.Select(c => c.Id).Order());
        var outputs = node.Children.Select(c => c.Outputs!.Literals["o0"].Value).OfType<Primitive.FloatValue>().Select(f => f.Value).Order();
        Assert.Equal([9.0, 19.0], outputs);
        Assert.Equal(14.0, (await result.OutputsAsync<PredictionSummary>(Engine)).Average);
    }

    [Fact]
    public async Task A_failing_child_fails_its_parent_node()
    {
        var stubs = TaskStubs.None.Replace(PredictOne, (InferenceRequest r) => r.FeatureA > 2 ? throw new ArgumentException("bad request") : 1.0);

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() =>
            Interpreter(stubs).RunAsync(Single(ProcessBatch, "batch"), new { batch = Batch }));

        Assert.Equal("n0", error.NodeId);
        // The child's failure reaches the parent node's error, by message where the task ran in another process.
        var message = error.InnerException!.Message;
        Assert.Contains("'predict_one'", message);
        Assert.Contains("n0-c", message);
        Assert.EndsWith("bad request", message);
    }

    [Fact]
    public async Task Sub_workflows_run_as_nodes()
    {
        var inner = FlyteWorkflow.Define("inner", Engine).Input<long>("x")
            .Then((b, x) => b.Call(AddOne, b.Call(AddOne, x))).Build();
        var outer = FlyteWorkflow.Define("outer", Engine).Input<long>("x")
            .Then((b, x) => b.Call(Add, b.Subworkflow<long>(inner, x), x)).Build();

        var result = await Interpreter().RunAsync(outer, new { x = 5L });

        Assert.Equal(12L, await result.OutputsAsync<long>(Engine));
        Assert.Equal(["n0/n0", "n0/n1"], result.Node("n0").SubNodes.Select(n => n.NodeId));
    }

    [Fact]
    public async Task Stubs_replace_tasks_by_name_and_unstubbed_tasks_run_for_real()
    {
        var wf = FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(SummarizeResults, b.Call(ProcessBatch, batch)))
            .Build();
        var stubs = TaskStubs.None.Replace(PredictOne, (InferenceRequest r) => 1.0);

        var text = await Interpreter(stubs).RunAsync<string>(wf, new { batch = Batch });

        Assert.Equal("Batch test_batch: 2 predictions, average 1", text);
    }

    [Fact]
    public async Task Unstubbed_tasks_can_be_made_to_fail()
    {
        var wf = FlyteWorkflow.Define("batch_wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(SummarizeResults, b.Call(ProcessBatch, batch)))
            .Build();
        var stubs = TaskStubs.None
            .Replace(ProcessBatch, (BatchRequest r) => new PredictionSummary([], 0, 0, r.BatchId))
            .FailUnstubbed();

        var error = await Assert.ThrowsAsync<WorkflowNodeFailedException>(() => Interpreter(stubs).RunAsync(wf, new { batch = Batch }));

        Assert.Equal(("n1", "summarize_results"), (error.NodeId, error.Name));
    }

    // ── caching: a hit is keyed by task name, cache version, interface and inputs ──

    private IWorkflowInterpreter Cached(string cachePath, CacheMode mode = CacheMode.ReadWrite) =>
        CreateInterpreter(new InterpreterOptions { Engine = Engine, CachePath = cachePath, Cache = mode });

    private static string TempCachePath() => Path.Combine(Path.GetTempPath(), "flyte-cache-tests", Guid.NewGuid().ToString("N"), "cache.db");

    [Fact]
    public async Task A_cached_task_runs_once_per_input_and_a_hit_is_marked_cached()
    {
        var runs = 0;
        var square = FlyteTask.Define("square", (long x) => { Interlocked.Increment(ref runs); return x * x; }, Engine).WithCache("1");
        var interpreter = Cached(TempCachePath());

        var first = await interpreter.RunAsync(Single(square), new { x = 7L });
        var second = await interpreter.RunAsync(Single(square), new { x = 7L });
        var other = await interpreter.RunAsync(Single(square), new { x = 8L });

        Assert.Equal(2, runs);
        Assert.Equal((NodeStatus.Succeeded, 1), (first.Node("n0").Status, first.Node("n0").Attempts));
        Assert.Equal((NodeStatus.Cached, 0), (second.Node("n0").Status, second.Node("n0").Attempts));
        Assert.Equal(first.Outputs, second.Outputs);
        Assert.Equal(49L, await second.OutputsAsync<long>(Engine));
        Assert.Equal((NodeStatus.Succeeded, 64L), (other.Node("n0").Status, await other.OutputsAsync<long>(Engine)));
    }

    [Fact]
    public async Task A_new_cache_version_misses_and_ignored_inputs_do_not_count()
    {
        var runs = 0;
        long Scale(long x, string note) { Interlocked.Increment(ref runs); return x * 3; }
        var v1 = FlyteTask.Define("scale", (long x, string note) => Scale(x, note), Engine).WithCache("1", "note");
        var v2 = v1.WithCache("2", "note");
        WorkflowSpec Wf(FlyteTask<long, string, long> task) =>
            FlyteWorkflow.Define("wf", Engine).Input<long>("x").Input<string>("note").Then((b, x, n) => b.Call(task, x, n)).Build();
        var interpreter = Cached(TempCachePath());

        await interpreter.RunAsync(Wf(v1), new { x = 2L, note = "first" });
        var ignored = await interpreter.RunAsync(Wf(v1), new { x = 2L, note = "second" });
        var bumped = await interpreter.RunAsync(Wf(v2), new { x = 2L, note = "first" });

        Assert.Equal(NodeStatus.Cached, ignored.Node("n0").Status);
        Assert.Equal(NodeStatus.Succeeded, bumped.Node("n0").Status);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task Overwrite_runs_the_task_and_replaces_the_entry_and_NoCache_neither_reads_nor_writes()
    {
        var runs = 0;
        var count = FlyteTask.Define("count", (long x) => x + Interlocked.Increment(ref runs), Engine).WithCache("1");
        var path = TempCachePath();

        var stored = await Cached(path).RunAsync<long>(Single(count), new { x = 10L });                       // runs = 1
        var overwritten = await Cached(path, CacheMode.Overwrite).RunAsync(Single(count), new { x = 10L });    // runs = 2
        var hit = await Cached(path).RunAsync(Single(count), new { x = 10L });
        var uncached = await Cached(path, CacheMode.NoCache).RunAsync(Single(count), new { x = 10L });        // runs = 3
        var afterNoCache = await Cached(path).RunAsync(Single(count), new { x = 10L });

        Assert.Equal(11L, stored);
        Assert.Equal((NodeStatus.Succeeded, 12L), (overwritten.Node("n0").Status, await overwritten.OutputsAsync<long>(Engine)));
        Assert.Equal((NodeStatus.Cached, 12L), (hit.Node("n0").Status, await hit.OutputsAsync<long>(Engine)));
        Assert.Equal((NodeStatus.Succeeded, 13L), (uncached.Node("n0").Status, await uncached.OutputsAsync<long>(Engine)));
        Assert.Equal((NodeStatus.Cached, 12L), (afterNoCache.Node("n0").Status, await afterNoCache.OutputsAsync<long>(Engine)));
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Tasks_without_cache_settings_always_run()
    {
        var runs = 0;
        var plain = FlyteTask.Define("plain", (long x) => x + Interlocked.Increment(ref runs), Engine);
        var interpreter = Cached(TempCachePath());

        await interpreter.RunAsync(Single(plain), new { x = 1L });
        var again = await interpreter.RunAsync(Single(plain), new { x = 1L });

        Assert.Equal((NodeStatus.Succeeded, 2), (again.Node("n0").Status, runs));
    }

    [Fact]
    public async Task Attribute_paths_pick_fields_of_record_outputs_at_run_time()
    {
        var wf = FlyteWorkflow.Define("wf", Engine)
            .Input<BatchRequest>("batch")
            .Then((b, batch) => b.Call(ProcessBatch, batch))
            .Then((b, summary) => (b.Call(Describe, summary.Field<double>("average")),
                                   b.Call(Describe, summary.Field<IReadOnlyList<double>>("predictions").At<double>(1))))
            .Build();

        var (average, second) = await Interpreter().RunAsync<(string, string)>(wf, new { batch = Batch });

        Assert.Equal(("average 14", "average 19"), (average, second));
    }
}

