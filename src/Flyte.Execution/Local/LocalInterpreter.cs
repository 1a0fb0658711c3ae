using System.Collections.Concurrent;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;

namespace Flyte.Execution.Local;

/// <summary>
/// Runs a workflow in this process. Semantics, after propeller's:
/// <list type="bullet">
/// <item>A node runs once every node it binds from has succeeded; independent nodes run concurrently, at most
/// <see cref="InterpreterOptions.MaxDegreeOfParallelism"/> task attempts at a time.</item>
/// <item>Values move between nodes only as <see cref="Literal"/>s: each task converts its inputs from literals and its
/// outputs to literals, so a transformer bug shows up here before it shows up on a cluster.</item>
/// <item>An attempt that throws <see cref="FlyteRecoverableException"/> or runs past its timeout (it is cancelled) is
/// retried up to <see cref="TaskMetadata.Retries"/> times; a <see cref="FlyteSystemException"/> up to
/// <see cref="InterpreterOptions.SystemRetries"/> times; any other exception, and an unresolvable binding, fails the node at once.</item>
/// <item>The first failure cancels the running nodes and skips the rest (Flyte's FAIL_IMMEDIATELY); the teardown node
/// still runs; then a <see cref="WorkflowNodeFailedException"/> naming the node is thrown.</item>
/// <item>Nested task calls inside a task body are child actions of that node, run with the same stubs, retries and timeouts.</item>
/// <item>A task with <see cref="TaskMetadata.Cache"/> enabled is looked up in the SQLite task cache
/// (<see cref="InterpreterOptions.CachePath"/>) by <see cref="CacheKey"/> first; a hit skips the task and marks the node
/// <see cref="NodeStatus.Cached"/>. Stubbed tasks are never cached.</item>
/// </list>
/// </summary>
public sealed partial class LocalInterpreter : IWorkflowInterpreter
{
    /// <summary>An interpreter with <paramref name="options"/> (<see cref="InterpreterOptions.Default"/> when null).</summary>
    public LocalInterpreter(InterpreterOptions? options = null)
    {
        Options = options ?? InterpreterOptions.Default;
        if (Options.MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be at least 1.");
        var offload = Options.Offload ?? new Types.Offloaded.OffloadContext(Storage.BlobStoreRouter.Local,
            Storage.RawOutputPrefix.NewUnique(Path.Combine(Path.GetTempPath(), "flyte", "local"))) { KeepLocalPaths = true };
        Services = ServiceMap.Empty.Set(offload);
        _cache = new CachePolicy(Options);
    }

    private readonly CachePolicy _cache;

    /// <inheritdoc />
    public ServiceMap Services { get; }

    /// <summary>The settings.</summary>
    public InterpreterOptions Options { get; }

    /// <inheritdoc />
    public TypeEngine Engine => Options.Engine;

    /// <inheritdoc />
    public async Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        using var slots = new SemaphoreSlim(Options.MaxDegreeOfParallelism);
        var run = new Run(this, slots);
        var (outputs, nodes) = await run.WorkflowAsync(workflow, inputs, "", cancellationToken).ConfigureAwait(false);
        return new WorkflowResult(outputs, nodes);
    }

    private sealed partial class Run
    {
        private readonly LocalInterpreter interpreter;
        private readonly SemaphoreSlim slots;
        private readonly TaskExecutionContext.ChildRunner runChild;

        public Run(LocalInterpreter interpreter, SemaphoreSlim slots)
        {
            this.interpreter = interpreter;
            this.slots = slots;
            runChild = RunChildAsync;
        }

        private InterpreterOptions Options => interpreter.Options;

        public async Task<(LiteralMap, IReadOnlyList<NodeExecution>)> WorkflowAsync(WorkflowSpec workflow, LiteralMap inputs, string prefix,
            CancellationToken cancellationToken)
        {
            WorkflowRuns.RequireInputs(workflow, inputs);
            var capacity = workflow.Nodes.Count + 3;
            var outputs = new ConcurrentDictionary<string, LiteralMap>(Environment.ProcessorCount, capacity, StringComparer.Ordinal)
                { [Promise.StartNode] = inputs };
            var records = new ConcurrentDictionary<string, NodeExecution>(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
            foreach (var node in workflow.AllNodes)
                Notify(prefix + node.Id, node.Target.Name, NodeStatus.Queued);
            await DagScheduler.RunAsync(workflow, async (node, ct) =>
            {
                var record = await NodeAsync(node, outputs, prefix, ct).ConfigureAwait(false);
                outputs[node.Id] = record.Outputs;
                records[node.Id] = record;
            }, Options.MaxDegreeOfParallelism, cancellationToken).ConfigureAwait(false);

            var results = await BindingResolver.ResolveAsync(workflow.Outputs, v => workflow.Interface.Output(v)!.Type, From(outputs), cancellationToken)
                .ConfigureAwait(false);
            return (results, WorkflowRuns.InDeclarationOrder(workflow, records));
        }

        private async Task<NodeExecution> NodeAsync(Node node, IReadOnlyDictionary<string, LiteralMap> outputs, string prefix,
            CancellationToken cancellationToken)
        {
            var id = prefix + node.Id;
            LiteralMap inputs;
            try
            {
                inputs = await BindingResolver.ResolveAsync(node.Inputs, v => node.Interface.Input(v)!.Type, From(outputs), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is WorkflowBindingException or Types.TypeTransformerException)
            {
                throw new WorkflowNodeFailedException(id, node.Target.Name, 1, FailureKind.SystemError, e);
            }
            switch (node.Target)
            {
                case NodeTarget.TaskTarget { Task: var task }:
                    var dynamicNodes = new DynamicNodes();
                    var context = new TaskExecutionContext(id, 1, runChild) { Services = interpreter.Services, RunDynamic = Dynamic(id, dynamicNodes) };
                    var (result, attempts) = await TaskAsync(task, inputs, context, holdsSlot: false, cancellationToken).ConfigureAwait(false);
                    return new NodeExecution(id, task.Name, attempts, inputs, result, context.Children, dynamicNodes.Nodes)
                    {
                        Status = attempts == 0 ? NodeStatus.Cached : NodeStatus.Succeeded, DynamicWorkflow = dynamicNodes.Workflow,
                    };
                case NodeTarget.WorkflowTarget { Workflow: var sub }:
                    Notify(id, sub.Name, NodeStatus.Running);
                    try
                    {
                        var (subOutputs, subNodes) = await WorkflowAsync(sub, inputs, id + "/", cancellationToken).ConfigureAwait(false);
                        Notify(id, sub.Name, NodeStatus.Succeeded);
                        return new NodeExecution(id, sub.Name, 1, inputs, subOutputs, [], subNodes);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        Notify(id, sub.Name, NodeStatus.Failed, 1, e.Message);
                        throw;
                    }
                case BranchTarget branch:
                    return await BranchAsync(node, branch, inputs, outputs, id, cancellationToken).ConfigureAwait(false);
                case MapTarget map:
                    return await MapAsync(map, inputs, id, cancellationToken).ConfigureAwait(false);
                case ReferenceTarget reference:
                    return await ReferenceAsync(reference, inputs, id, cancellationToken).ConfigureAwait(false);
                case LaunchPlanTarget launchPlan:
                    return await LaunchPlanAsync(launchPlan, inputs, id, cancellationToken).ConfigureAwait(false);
                default:
                    throw new InvalidOperationException($"Node {id} runs an unknown kind of target {node.Target.GetType().Name}.");
            }
        }

        private async Task<LiteralMap> RunChildAsync(TaskSpec task, LiteralMap inputs, TaskExecutionContext child, CancellationToken cancellationToken)
        {
            var (outputs, _) = await TaskAsync(task, inputs, child, holdsSlot: true, cancellationToken).ConfigureAwait(false);
            return outputs;
        }

        /// <summary>
        /// Runs a task with retries and timeouts, or takes its outputs from the cache (then the attempt count is 0);
        /// <paramref name="holdsSlot"/> when the caller already holds a slot (nested calls).
        /// </summary>
        private async Task<(LiteralMap, int)> TaskAsync(TaskSpec declared, LiteralMap inputs, TaskExecutionContext context, bool holdsSlot,
            CancellationToken cancellationToken)
        {
            var task = Options.Stubs.ResolveOrFail(declared, context.ExecutionId);
            var key = interpreter._cache.KeyFor(declared, task, inputs);
            if (key is null) return await RunAttemptsAsync(task, declared, inputs, context, holdsSlot, cancellationToken).ConfigureAwait(false);

            if (interpreter._cache.Lookup(key, declared) is { } hit) return (hit, 0);
            var (outputs, attempts) = await RunAttemptsAsync(task, declared, inputs, context, holdsSlot, cancellationToken).ConfigureAwait(false);
            interpreter._cache.Store(key, declared, outputs);
            return (outputs, attempts);
        }

        private async Task<(LiteralMap, int)> RunAttemptsAsync(TaskSpec task, TaskSpec declared, LiteralMap inputs, TaskExecutionContext context,
            bool holdsSlot, CancellationToken cancellationToken)
        {
            var policy = new AttemptPolicy(declared, Options.SystemRetries);
            for (var attempt = 1; ; attempt++)
            {
                context.Attempt = attempt;
                using var deadline = policy.StartDeadline(cancellationToken);
                var attemptToken = deadline?.Token ?? cancellationToken;
                try
                {
                    if (!holdsSlot) await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        Notify(context.ExecutionId, declared.Name, NodeStatus.Running, attempt);
                        // WaitAsync lets an attempt that ignores its token still fail on time.
                        var outputs = await context.RunAsync(task, inputs, attemptToken).WaitAsync(attemptToken).ConfigureAwait(false);
                        foreach (var output in declared.Interface.Outputs)
                            if (!outputs.Literals.ContainsKey(output.Name))
                                throw new FlyteSystemException($"Task '{declared.Name}' returned no output '{output.Name}'.");
                        Notify(context.ExecutionId, declared.Name, NodeStatus.Succeeded, attempt);
                        return (outputs, attempt);
                    }
                    finally
                    {
                        if (!holdsSlot) slots.Release();
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var timedOut = deadline is { IsCancellationRequested: true } && e is OperationCanceledException;
                    var error = timedOut ? policy.TimedOut() : e;
                    var kind = timedOut ? FailureKind.Timeout : AttemptPolicy.Classify(e);
                    if (!policy.Retry(kind, error))
                    {
                        Notify(context.ExecutionId, declared.Name, NodeStatus.Failed, attempt, error.Message);
                        throw new WorkflowNodeFailedException(context.ExecutionId, declared.Name, attempt, kind, error);
                    }
                }
            }
        }

        private void Notify(string id, string name, NodeStatus status, int attempt = 1, string? message = null) =>
            Options.Observer?.Invoke(new NodeEvent(id, name, status, attempt, message));

        /// <summary>Finished nodes' outputs, held in memory.</summary>
        private static NodeOutputs From(IReadOnlyDictionary<string, LiteralMap> outputs) =>
            (id, _) => ValueTask.FromResult(outputs.TryGetValue(id, out var map) ? map : null);
    }
}
