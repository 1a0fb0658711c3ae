using System.Collections.Concurrent;
using System.Globalization;
using Flyte.Entrypoints;
using Flyte.Execution;
using Flyte.Execution.Local;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;
using Pb = Flyteidl.Core;

namespace Flyte.LocalCluster;

/// <summary>Where a local cluster keeps its data and how it starts tasks. Immutable.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>The metadata root (a folder path, <c>file://</c> or <c>s3://</c> URI). Default: a <c>flyte-cluster</c> folder under the temp folder.</summary>
    public string MetadataRoot { get; init; } = Path.Combine(Path.GetTempPath(), "flyte-cluster", "metadata");

    /// <summary>The root of raw output prefixes; null puts them under <see cref="MetadataRoot"/><c>/raw</c>.</summary>
    public string? RawOutputRoot { get; init; }

    /// <summary>The project executions run in.</summary>
    public string Project { get; init; } = "flytesnacks";

    /// <summary>The domain executions run in.</summary>
    public string Domain { get; init; } = "development";

    /// <summary>The store every URI resolves through. Default: local files only.</summary>
    public IBlobStore Store { get; init; } = BlobStoreRouter.Local;

    /// <summary>Starts task attempts; null runs them in process through the entrypoint (see <see cref="InProcessTaskLauncher"/>).</summary>
    public ITaskLauncher? Launcher { get; init; }

    /// <summary>
    /// A cluster whose attempts are processes, as pods would be: each runs <c>flyte execute -- file task</c> with
    /// <paramref name="flyteDll"/> (the command line's assembly) on the tasks of <paramref name="entityFile"/> (a .dll or
    /// .fsx), with <paramref name="imageEnvironment"/> as the variables every pod's image sets. Data lives under
    /// <paramref name="metadataRoot"/> (a folder or an <c>s3://</c> prefix, reached with the entrypoint's own store and
    /// <c>FLYTE_AWS_*</c> settings); null keeps the default temp folder.
    /// </summary>
    public static LocalClusterOptions Processes(string flyteDll, string entityFile, string? metadataRoot = null,
        IReadOnlyDictionary<string, string>? imageEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(flyteDll);
        ArgumentNullException.ThrowIfNull(entityFile);
        var file = Path.GetFullPath(entityFile);
        var defaults = new LocalClusterOptions();
        return defaults with
        {
            MetadataRoot = metadataRoot is null ? defaults.MetadataRoot : EntrypointOptions.Absolute(metadataRoot),
            Store = Entrypoint.DefaultStore(),
            Launcher = new ProcessTaskLauncher(flyteDll, task => new TaskSource(file, task.Name))
            {
                ImageEnvironment = imageEnvironment ?? new Dictionary<string, string>(),
            },
        };
    }
}

/// <summary>
/// Runs a workflow the way propeller does, through storage: workflow inputs become
/// <c>&lt;exec&gt;/start-node/data/0/outputs.pb</c>; each task node's bindings are resolved from the <c>outputs.pb</c> of
/// its upstream nodes (attribute paths included) into <c>&lt;exec&gt;/&lt;node&gt;/data/inputs.pb</c>; each attempt runs
/// the container contract (<c>flyte execute</c>, as a process or in process) with its own output folder
/// <c>&lt;node&gt;/data/&lt;attempt&gt;/</c> and raw output prefix, and ends with <c>outputs.pb</c> or <c>error.pb</c>.
/// The error's kind decides a retry: USER RECOVERABLE within the task's retries, SYSTEM RECOVERABLE (and a non-zero
/// exit) within the system budget, NON_RECOVERABLE never. A timeout kills the attempt and is retried like a recoverable
/// error. Scheduling, parallelism, FAIL_IMMEDIATELY and teardown are those of <see cref="LocalInterpreter"/>.
/// </summary>
public sealed partial class LocalClusterInterpreter : IWorkflowInterpreter
{
    /// <summary>An interpreter with <paramref name="options"/> and <paramref name="cluster"/> settings (defaults when null).</summary>
    public LocalClusterInterpreter(InterpreterOptions? options = null, LocalClusterOptions? cluster = null)
    {
        Options = options ?? InterpreterOptions.Default;
        Cluster = cluster ?? new LocalClusterOptions();
        if (Options.MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be at least 1.");
        Launcher = Cluster.Launcher ?? new InProcessTaskLauncher(Cluster.Store, Options.Engine);
        _cache = new CachePolicy(Options);
    }

    // The same task cache as the local interpreter's (propeller's datacatalog plays this part on a cluster).
    private readonly CachePolicy _cache;

    /// <summary>The interpreter settings.</summary>
    public InterpreterOptions Options { get; }

    /// <summary>The cluster settings.</summary>
    public LocalClusterOptions Cluster { get; }

    /// <summary>What starts the attempts.</summary>
    public ITaskLauncher Launcher { get; }

    /// <inheritdoc />
    public TypeEngine Engine => Options.Engine;

    /// <summary>The folder of the last execution started (<c>&lt;root&gt;/&lt;project&gt;-&lt;domain&gt;-&lt;name&gt;</c>).</summary>
    public string? LastExecutionRoot { get; private set; }

    /// <inheritdoc />
    public async Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        var name = "f" + Guid.NewGuid().ToString("N")[..19];
        var root = BlobUri.Combine(Cluster.MetadataRoot, $"{Cluster.Project}-{Cluster.Domain}-{name}");
        LastExecutionRoot = root;
        using var slots = new SemaphoreSlim(Options.MaxDegreeOfParallelism);
        var run = new Run(this, slots, name, Cluster.RawOutputRoot ?? BlobUri.Combine(Cluster.MetadataRoot, "raw"));
        var (outputs, nodes) = await run.WorkflowAsync(workflow, inputs, root, "", cancellationToken).ConfigureAwait(false);
        return new WorkflowResult(outputs, nodes);
    }

    private sealed partial class Run(LocalClusterInterpreter interpreter, SemaphoreSlim slots, string executionName, string rawRoot)
    {
        private InterpreterOptions Options => interpreter.Options;
        private IBlobStore Store => interpreter.Cluster.Store;

        /// <summary>
        /// Runs a workflow whose node folders live under <paramref name="dir"/>; returns its outputs and node records.
        /// The nodes of a dynamic workflow (<paramref name="dynamic"/>) keep their data in <c>&lt;dir&gt;/&lt;node&gt;/</c>,
        /// as propeller lays them out under the dynamic node's output folder, and have no start node.
        /// </summary>
        public async Task<(LiteralMap, IReadOnlyList<NodeExecution>)> WorkflowAsync(WorkflowSpec workflow, LiteralMap inputs, string dir, string prefix,
            CancellationToken cancellationToken, bool dynamic = false)
        {
            WorkflowRuns.RequireInputs(workflow, inputs);
            // Where each finished node's outputs.pb is: propeller resolves bindings from storage, not from memory.
            var outputsAt = new ConcurrentDictionary<string, string>();
            if (!dynamic)
            {
                var startOutputs = BlobUri.Combine(dir, Promise.StartNode, "data", "0", Entrypoint.OutputsFile);
                await Store.PutBytesAsync(startOutputs, inputs.ToBytes(), cancellationToken).ConfigureAwait(false);
                outputsAt[Promise.StartNode] = startOutputs;
            }
            var records = new ConcurrentDictionary<string, NodeExecution>();
            await DagScheduler.RunAsync(workflow, async (node, ct) =>
            {
                var data = dynamic ? BlobUri.Combine(dir, node.Id) : BlobUri.Combine(dir, node.Id, "data");
                var (record, uri) = await NodeAsync(node, outputsAt, data, prefix, ct).ConfigureAwait(false);
                outputsAt[node.Id] = uri;
                records[node.Id] = record;
            }, cancellationToken).ConfigureAwait(false);

            // The end node: workflow outputs resolved from storage like any other binding.
            var results = await BindingResolver.ResolveAsync(workflow.Outputs, v => workflow.Interface.Output(v)!.Type, From(outputsAt), cancellationToken)
                .ConfigureAwait(false);
            return (results, WorkflowRuns.InDeclarationOrder(workflow, records));
        }

        /// <summary>Runs one node whose data folder (inputs.pb, attempt folders) is <paramref name="data"/>.</summary>
        private async Task<(NodeExecution, string)> NodeAsync(Node node, IReadOnlyDictionary<string, string> outputsAt, string data, string prefix,
            CancellationToken cancellationToken)
        {
            var id = prefix + node.Id;
            LiteralMap inputs;
            try
            {
                inputs = await BindingResolver.ResolveAsync(node.Inputs, v => node.Interface.Input(v)!.Type, From(outputsAt), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is WorkflowBindingException or TypeTransformerException or BlobStoreException)
            {
                throw new WorkflowNodeFailedException(id, node.Target.Name, 1, FailureKind.SystemError, e);
            }
            var inputsUri = BlobUri.Combine(data, "inputs.pb");
            await Store.PutBytesAsync(inputsUri, inputs.ToBytes(), cancellationToken).ConfigureAwait(false);
            switch (node.Target)
            {
                case NodeTarget.TaskTarget { Task: var task }:
                {
                    var runs = Options.Stubs.ResolveOrFail(task, id);
                    var cacheKey = interpreter._cache.KeyFor(task, runs, inputs);
                    if (cacheKey is not null && interpreter._cache.Lookup(cacheKey, task) is { } hit)
                    {
                        // As propeller does on a hit: the outputs are copied into the node's folder and no container runs.
                        var hitUri = BlobUri.Combine(data, "0", Entrypoint.OutputsFile);
                        await Store.PutBytesAsync(hitUri, hit.ToBytes(), cancellationToken).ConfigureAwait(false);
                        return (new NodeExecution(id, task.Name, 0, inputs, hit, [], []) { Status = NodeStatus.Cached }, hitUri);
                    }
                    var (outputs, attempts, outputPrefix, children, dynamic) = await TaskAsync(task, runs, inputsUri, data, id, cancellationToken).ConfigureAwait(false);
                    if (cacheKey is not null) interpreter._cache.Store(cacheKey, task, outputs);
                    return (new NodeExecution(id, task.Name, attempts, inputs, outputs, children, dynamic?.Nodes ?? []) { DynamicWorkflow = dynamic?.Workflow },
                        BlobUri.Combine(outputPrefix, Entrypoint.OutputsFile));
                }
                case NodeTarget.WorkflowTarget { Workflow: var sub }:
                    // Nested nodes live under the parent node's output folder, as in propeller.
                    var subDir = BlobUri.Combine(data, "0");
                    var (subOutputs, subNodes) = await WorkflowAsync(sub, inputs, subDir, id + "/", cancellationToken).ConfigureAwait(false);
                    var subOutputsUri = BlobUri.Combine(subDir, Entrypoint.OutputsFile);
                    await Store.PutBytesAsync(subOutputsUri, subOutputs.ToBytes(), cancellationToken).ConfigureAwait(false);
                    return (new NodeExecution(id, sub.Name, 1, inputs, subOutputs, [], subNodes), subOutputsUri);
                case BranchTarget branch:
                    return await BranchAsync(branch, inputs, outputsAt, data, id, cancellationToken).ConfigureAwait(false);
                case MapTarget map:
                    return await MapAsync(map, inputs, data, id, cancellationToken).ConfigureAwait(false);
                case LaunchPlanTarget launchPlan:
                    return await LaunchPlanAsync(launchPlan, inputs, data, id, cancellationToken).ConfigureAwait(false);
                case ReferenceTarget reference:
                    throw Unrunnable(reference, id);
                default:
                    throw new InvalidOperationException($"Node {id} runs an unknown kind of target {node.Target.GetType().Name}.");
            }
        }

        /// <summary>
        /// Runs a task's attempts until one succeeds or no retry is left. An attempt that wrote <c>futures.pb</c> (a
        /// dynamic task) is followed by the workflow it describes (see <see cref="DynamicAsync"/>), whose nodes are returned.
        /// </summary>
        private async Task<(LiteralMap Outputs, int Attempts, string OutputPrefix, IReadOnlyList<ChildAction> Children, DynamicRun? Dynamic)> TaskAsync(
            TaskSpec declared, TaskSpec task, string inputsUri, string data, string id, CancellationToken cancellationToken)
        {
            var policy = new AttemptPolicy(declared, Options.SystemRetries);
            string? previousCheckpoint = null;
            for (var attempt = 0; ; attempt++)
            {
                var outputPrefix = BlobUri.Combine(data, attempt.ToString(CultureInfo.InvariantCulture));
                var raw = RawOutputPrefix.ForAttempt(rawRoot, executionName, id, attempt);
                var checkpoint = BlobUri.Combine(raw, "_flytecheckpoints");
                var options = new EntrypointOptions(inputsUri, outputPrefix, raw)
                {
                    CheckpointPath = checkpoint, PrevCheckpoint = previousCheckpoint ?? "\"\"", ExecutionId = id, Attempt = attempt + 1,
                };
                previousCheckpoint = checkpoint;
                var environment = new Dictionary<string, string>(declared.Metadata.Environment)
                {
                    ["FLYTE_INTERNAL_EXECUTION_ID"] = executionName,
                    ["FLYTE_INTERNAL_EXECUTION_PROJECT"] = interpreter.Cluster.Project,
                    ["FLYTE_INTERNAL_EXECUTION_DOMAIN"] = interpreter.Cluster.Domain,
                    ["FLYTE_INTERNAL_TASK_NAME"] = declared.Name,
                    ["FLYTE_ATTEMPT_NUMBER"] = attempt.ToString(CultureInfo.InvariantCulture),
                };
                using var deadline = policy.StartDeadline(cancellationToken);
                var attemptToken = deadline?.Token ?? cancellationToken;
                FailureKind kind;
                Exception? error;
                LaunchResult? succeeded = null;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    var result = await interpreter.Launcher.LaunchAsync(new TaskLaunch(task, options, environment, RunChildAsync), attemptToken)
                        .ConfigureAwait(false);
                    // An attempt that reported its own cancellation still failed because its deadline passed.
                    if (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
                        throw new OperationCanceledException(attemptToken);
                    // A process that did not end cleanly (killed, crashed) could not remove its half-written files: do it for it.
                    if (result.ExitCode != 0) RemoveTempFiles(outputPrefix, raw);
                    (kind, error) = await OutcomeAsync(declared, result, outputPrefix, cancellationToken).ConfigureAwait(false);
                    if (error is null) succeeded = result;
                }
                catch (OperationCanceledException) when (deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
                {
                    RemoveTempFiles(outputPrefix, raw);
                    (kind, error) = (FailureKind.Timeout, policy.TimedOut());
                }
                finally
                {
                    slots.Release();
                }
                // The attempt's slot is free again: the nodes of a dynamic workflow run under the same parallelism.
                if (succeeded is not null)
                {
                    var futuresUri = BlobUri.Combine(outputPrefix, Entrypoint.FuturesFile);
                    if (await Store.ExistsAsync(futuresUri, cancellationToken).ConfigureAwait(false))
                    {
                        var (dynamicOutputs, dynamic) = await DynamicAsync(declared, futuresUri, outputPrefix, id, succeeded.DynamicTasks, cancellationToken)
                            .ConfigureAwait(false);
                        return (dynamicOutputs, attempt + 1, outputPrefix, succeeded.Children, dynamic);
                    }
                    var bytes = await Store.GetBytesAsync(BlobUri.Combine(outputPrefix, Entrypoint.OutputsFile), cancellationToken).ConfigureAwait(false);
                    return (ProtoSerializer.LiteralMapFromBytes(bytes), attempt + 1, outputPrefix, succeeded.Children, null);
                }
                // A NON_RECOVERABLE error.pb is final whatever its origin (a task the entrypoint cannot find stays missing).
                if (!policy.Retry(kind, error!)) throw new WorkflowNodeFailedException(id, declared.Name, attempt + 1, kind, error!);
            }
        }

        private static void RemoveTempFiles(params string[] prefixes)
        {
            foreach (var prefix in prefixes)
                if (BlobUri.IsLocal(prefix)) LocalBlobStore.RemoveTempFiles(BlobUri.ToLocalPath(prefix));
        }

        /// <summary>Reads what an attempt left: error.pb first (its kind and origin decide), then outputs.pb. Null error means success.</summary>
        private async Task<(FailureKind, Exception?)> OutcomeAsync(TaskSpec task, LaunchResult result, string outputPrefix, CancellationToken cancellationToken)
        {
            if (result.ExitCode != 0)
                return (FailureKind.SystemError, new FlyteSystemException(
                    $"Task '{task.Name}' exited with code {result.ExitCode}: {result.StandardError.Trim()}"));
            var errorUri = BlobUri.Combine(outputPrefix, Entrypoint.ErrorFile);
            if (await Store.ExistsAsync(errorUri, cancellationToken).ConfigureAwait(false))
            {
                var document = Pb.ErrorDocument.Parser.ParseFrom(await Store.GetBytesAsync(errorUri, cancellationToken).ConfigureAwait(false));
                return (AttemptPolicy.Classify(document.Error), new ContainerTaskException(document.Error));
            }
            if (task.Interface.Outputs.Count > 0 && !await Store.ExistsAsync(BlobUri.Combine(outputPrefix, Entrypoint.OutputsFile), cancellationToken).ConfigureAwait(false)
                && !await Store.ExistsAsync(BlobUri.Combine(outputPrefix, Entrypoint.FuturesFile), cancellationToken).ConfigureAwait(false))
                return (FailureKind.SystemError, new FlyteSystemException($"OutputsNotFound: task '{task.Name}' wrote neither outputs.pb, futures.pb nor error.pb."));
            return (default, null);
        }

        /// <summary>Nested calls run in the attempt's process; here (in process) they get the run's stubs and retries.</summary>
        private async Task<LiteralMap> RunChildAsync(TaskSpec declared, LiteralMap inputs, TaskExecutionContext child, CancellationToken cancellationToken)
        {
            var task = Options.Stubs.ResolveOrFail(declared, child.ExecutionId);
            var policy = new AttemptPolicy(declared, Options.SystemRetries);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await child.RunAsync(task, inputs, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var kind = AttemptPolicy.Classify(e);
                    if (!policy.Retry(kind, e)) throw new WorkflowNodeFailedException(child.ExecutionId, declared.Name, attempt, kind, e);
                }
            }
        }

        /// <summary>Finished nodes' outputs, read from their <c>outputs.pb</c> (propeller resolves bindings from storage, not from memory).</summary>
        private NodeOutputs From(IReadOnlyDictionary<string, string> outputsAt)
        {
            var read = new Dictionary<string, LiteralMap>();
            return async (nodeId, cancellationToken) =>
            {
                if (!outputsAt.TryGetValue(nodeId, out var uri)) return null;
                if (!read.TryGetValue(uri, out var map))
                    read[uri] = map = ProtoSerializer.LiteralMapFromBytes(await Store.GetBytesAsync(uri, cancellationToken).ConfigureAwait(false));
                return map;
            };
        }
    }
}

/// <summary>A task attempt failed and said why in <c>error.pb</c>; the message is the task's own.</summary>
public sealed class ContainerTaskException : Exception
{
    /// <summary>Creates the error from the <c>ContainerError</c> of an <c>error.pb</c>.</summary>
    public ContainerTaskException(Pb.ContainerError error) : base((error ?? throw new ArgumentNullException(nameof(error))).Message) => Error = error;

    /// <summary>The error as the attempt wrote it: code, message, kind, origin.</summary>
    public Pb.ContainerError Error { get; }
}
