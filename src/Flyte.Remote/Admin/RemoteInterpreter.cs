using Flyte.Compile;
using Flyte.Config;
using Flyte.Execution;
using Flyte.Proto;
using Flyte.Storage;
using Flyte.Tasks;
using Flyte.Types;
using Flyte.Workflows;
using Flyteidl.Admin;
using WorkflowSpec = Flyte.Workflows.WorkflowSpec;
using NodeExecution = Flyte.Execution.NodeExecution;
using Task = System.Threading.Tasks.Task;
using Core = Flyteidl.Core;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;
using NodePhase = Flyteidl.Core.NodeExecution.Types.Phase;

namespace Flyte.Remote;

/// <summary>Settings of a <see cref="RemoteInterpreter"/>. Immutable.</summary>
public sealed record RemoteOptions
{
    /// <summary>The Flyte project entities and executions live in. Default: <c>flytesnacks</c> (the sandbox has it).</summary>
    public string Project { get; init; } = "flytesnacks";

    /// <summary>The domain (<c>development</c>, <c>staging</c>, <c>production</c>). Default: <c>development</c>.</summary>
    public string Domain { get; init; } = "development";

    /// <summary>Compiles a workflow to flyteidl entities. Default: the SDK's <see cref="Compile.FlyteCompiler"/> with default
    /// <see cref="CompileOptions"/>; use <see cref="RemoteCompilers.FlyteCompiler(CompileOptions?)"/> to name the image.</summary>
    public RemoteCompiler Compiler { get; init; } = RemoteCompilers.FlyteCompiler();

    /// <summary>How named launch plans are compiled (image, entrypoint, version; project and domain are replaced); null for the defaults.</summary>
    public Compile.CompileOptions? LaunchPlanOptions { get; init; }

    /// <summary>The engine converting typed inputs and outputs. Default: <see cref="TypeEngine.Default"/>.</summary>
    public TypeEngine Engine { get; init; } = TypeEngine.Default;

    /// <summary>How long to wait between two looks at a running execution. Default: 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to follow an execution before giving up (the execution keeps running). Default: unbounded.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Who started the execution, as recorded in its metadata. Default: <c>flyte-dotnet</c>.</summary>
    public string Principal { get; init; } = "flyte-dotnet";

    /// <summary>Node executions fetched per page. Default: 100.</summary>
    public int NodePageSize { get; init; } = 100;

    /// <summary>Fetch each node's inputs and outputs (one call per node) for <see cref="NodeExecution"/>. Default: true.</summary>
    public bool FetchNodeData { get; init; } = true;

    /// <summary>
    /// Where outputs are read that FlyteAdmin does not inline (above its size limit it returns <c>outputs.url</c>, a
    /// blob in the cluster's store, instead of <c>full_outputs</c>). Default: local files only;
    /// <see cref="RemoteInterpreter.FromEnvironment"/> adds S3 from flytectl's <c>storage:</c> section.
    /// </summary>
    public IBlobStore Store { get; init; } = BlobStoreRouter.Local;

    /// <summary>How long the interpreter waits for FlyteAdmin to accept the termination of a cancelled run. Default: 15 s.</summary>
    public TimeSpan TerminateTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>An execution on the cluster failed; <see cref="WorkflowNodeFailedException"/> wraps it with the failed node.</summary>
public sealed class RemoteExecutionFailedException : Exception
{
    /// <summary>Creates the error.</summary>
    public RemoteExecutionFailedException(Core.WorkflowExecutionIdentifier execution, string code, string message, Core.ExecutionError.Types.ErrorKind kind, string? errorUri)
        : base(message)
    {
        Execution = execution;
        Code = code;
        ErrorMessage = message;
        ErrorKind = kind;
        ErrorUri = errorUri;
    }

    /// <summary>The execution.</summary>
    public Core.WorkflowExecutionIdentifier Execution { get; }

    /// <summary>The error code Flyte recorded (e.g. <c>USER:ValueError</c>).</summary>
    public string Code { get; }

    /// <summary>The error message Flyte recorded.</summary>
    public string ErrorMessage { get; }

    /// <summary>User or system error, as Flyte classified it.</summary>
    public Core.ExecutionError.Types.ErrorKind ErrorKind { get; }

    /// <summary>Where the full error document is, when Flyte says.</summary>
    public string? ErrorUri { get; }
}

/// <summary>
/// Runs workflows on a Flyte cluster: compiles them (<see cref="RemoteOptions.Compiler"/>), registers tasks,
/// workflows and the launch plan with FlyteAdmin (re-registering identical entities is harmless), starts an execution,
/// polls it to a terminal phase and returns its outputs and node records. A failed execution raises
/// <see cref="WorkflowNodeFailedException"/> naming the failed node, like the local interpreter. Of the
/// <see cref="InterpreterOptions"/> shared with the other interpreters it honours the observer (node progress, from each
/// poll), the cache mode (anything but <see cref="CacheMode.ReadWrite"/> starts the execution with
/// <c>overwrite_cache</c>: every cached task runs again and its outputs replace the stored ones) and the stubs (a
/// workflow whose tasks an unstubbed-fail set does not cover fails as locally; a stubbed task is refused, since a stub
/// runs in this process and cannot replace a container on the cluster). Engine, parallelism, retries and the cache
/// itself are the cluster's.
/// </summary>
public sealed class RemoteInterpreter : IWorkflowInterpreter
{
    private static readonly HashSet<string> SyntheticNodes = ["start-node", "end-node"];
    private readonly FlyteAdminClient client;

    /// <summary>An interpreter using <paramref name="client"/>; <paramref name="run"/> holds the observer, cache mode and stubs (none by default).</summary>
    public RemoteInterpreter(FlyteAdminClient client, RemoteOptions options, InterpreterOptions? run = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NodePageSize);
        this.client = client;
        Options = options;
        Run = run ?? InterpreterOptions.Default;
    }

    /// <summary>
    /// The interpreter behind <c>flyte run --remote</c>: FlyteAdmin from <see cref="FlyteConfig.Load(string?)"/> (flytectl's
    /// config file and <c>FLYTE_*</c> variables), project and domain from <c>FLYTE_PROJECT</c>/<c>FLYTE_DOMAIN</c> (default
    /// flytesnacks/development), the tasks' image from <c>FLYTE_IMAGE</c> or the config's <c>images.default</c>, the engine, observer, cache mode and stubs from <paramref name="run"/>.
    /// </summary>
    public static RemoteInterpreter FromEnvironment(InterpreterOptions run, string? configPath = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var config = FlyteConfig.Load(configPath);
        var compile = CompileOptions.Default with { Image = config.Image ?? CompileOptions.DefaultImage };
        var client = new FlyteAdminClient(AdminConfig.From(config));
        return new RemoteInterpreter(client, new RemoteOptions
        {
            Store = Flyte.Entrypoints.Entrypoint.DefaultStore(configPath),
            Project = Env("FLYTE_PROJECT") ?? compile.Project,
            Domain = Env("FLYTE_DOMAIN") ?? compile.Domain,
            Engine = run.Engine,
            Compiler = RemoteCompilers.FlyteCompiler(compile),
            LaunchPlanOptions = compile,
        }, run);
    }

    /// <summary>The settings.</summary>
    public RemoteOptions Options { get; }

    /// <summary>The FlyteAdmin client this interpreter talks through.</summary>
    public FlyteAdminClient Client => client;

    /// <summary>The observer, cache mode and stubs shared with the other interpreters.</summary>
    public InterpreterOptions Run { get; }

    /// <inheritdoc />
    public TypeEngine Engine => Options.Engine;

    /// <summary>The id of the last execution this interpreter started (for logs and links), or null.</summary>
    public Core.WorkflowExecutionIdentifier? LastExecution { get; private set; }

    /// <summary>Compiles and registers <paramref name="workflow"/>: tasks concurrently, then workflows in order, then the launch plan.</summary>
    /// <exception cref="FlyteVersionConflictException">An entity exists under the same version with other content.</exception>
    public async Task<RemoteRegistration> RegisterAsync(WorkflowSpec workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var registration = Options.Compiler(workflow, Options.Project, Options.Domain);
        await client.RegisterAsync(Registration.Of([], registration.InOrder), cancellationToken: cancellationToken).ConfigureAwait(false);
        return registration;
    }

    /// <summary>
    /// Runs named launch plan <paramref name="launchPlan"/>: registers it (its workflow first) and creates the execution
    /// from it with <paramref name="inputs"/> (FlyteAdmin adds its fixed and default inputs).
    /// </summary>
    public Task<WorkflowResult> RunLaunchPlanAsync(Workflows.LaunchPlanSpec launchPlan, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launchPlan);
        var named = Compile.FlyteCompiler.CompileLaunchPlan(launchPlan,
            (Options.LaunchPlanOptions ?? Compile.CompileOptions.Default) with { Project = Options.Project, Domain = Options.Domain });
        return RunAsync(launchPlan.Workflow, inputs, RemoteCompilers.Registration(named), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(inputs);
        return await RunAsync(workflow, inputs, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WorkflowResult> RunAsync(WorkflowSpec workflow, LiteralMap inputs, RemoteRegistration? launchPlan, CancellationToken cancellationToken)
    {
        RefuseStubs(workflow, "");
        await ReferenceInterfaces.VerifyAsync(client, workflow, cancellationToken).ConfigureAwait(false);
        var registration = launchPlan ?? await RegisterAsync(workflow, cancellationToken).ConfigureAwait(false);
        if (launchPlan is not null)
            await client.RegisterAsync(Registration.Of([], launchPlan.InOrder), cancellationToken: cancellationToken).ConfigureAwait(false);
        var id = await client.CreateExecutionAsync(new ExecutionCreateRequest
        {
            Project = Options.Project,
            Domain = Options.Domain,
            Spec = new ExecutionSpec
            {
                LaunchPlan = registration.LaunchPlan.Id,
                Metadata = new ExecutionMetadata { Mode = ExecutionMetadata.Types.ExecutionMode.Manual, Principal = Options.Principal },
                OverwriteCache = Run.Cache != CacheMode.ReadWrite,
            },
            Inputs = ProtoMapping.ToProto(inputs),
        }, cancellationToken).ConfigureAwait(false);
        LastExecution = id;

        var progress = Run.Observer is { } observer ? new Progress(workflow, observer) : null;
        Flyteidl.Admin.Execution execution;
        try
        {
            execution = await WaitAsync(id, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw await TerminateAsync(id, cancellationToken).ConfigureAwait(false);
        }
        var nodes = await NodesAsync(id, cancellationToken).ConfigureAwait(false);
        progress?.Saw(nodes);

        if (execution.Closure.Phase != Phase.Succeeded)
        {
            var failed = nodes.FirstOrDefault(n => n.Closure?.Phase is NodePhase.Failed or NodePhase.TimedOut);
            var attempts = failed is null ? 1 : await AttemptsAsync(failed, cancellationToken).ConfigureAwait(false);
            throw Failure(workflow, id, execution, failed, attempts);
        }

        var outputs = await OutputsAsync(id, cancellationToken).ConfigureAwait(false);
        var records = new List<NodeExecution>();
        foreach (var node in nodes)
            records.Add(await RecordAsync(workflow, node, cancellationToken).ConfigureAwait(false));
        return new WorkflowResult(outputs, records);
    }

    /// <summary>Asks Admin to terminate the execution of a cancelled run; the error to throw says whether it did.</summary>
    private async Task<RemoteExecutionTerminatedException> TerminateAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancelled)
    {
        using var deadline = new CancellationTokenSource(Options.TerminateTimeout);
        try
        {
            await client.TerminateExecutionAsync(id, $"cancelled by {Options.Principal}", deadline.Token).ConfigureAwait(false);
            return new RemoteExecutionTerminatedException(id, null, cancelled);
        }
        catch (Exception e) when (e is FlyteAdminException or OperationCanceledException)
        {
            return new RemoteExecutionTerminatedException(id, e, cancelled);
        }
    }

    /// <summary>The execution's outputs, inline or read from <see cref="RemoteOptions.Store"/> at <c>outputs.url</c>.</summary>
    private Task<LiteralMap> OutputsAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken) =>
        ExecutionOutputs.ReadAsync(client, id, Options.Store, "RemoteOptions.Store", Engine.Options.MaxDepth, cancellationToken);

    private async Task<List<Flyteidl.Admin.NodeExecution>> NodesAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken) =>
        (await client.ListAllNodeExecutionsAsync(id, Options.NodePageSize, cancellationToken).ConfigureAwait(false))
            .Where(n => !SyntheticNodes.Contains(n.Id.NodeId))
            .ToList();

    /// <summary>Fails as the other interpreters do for tasks an unstubbed-fail set leaves out; refuses stubbed tasks, which cannot run on a cluster.</summary>
    private void RefuseStubs(WorkflowSpec workflow, string prefix)
    {
        foreach (var node in workflow.AllNodes)
            switch (node.Target)
            {
                case NodeTarget.TaskTarget { Task: var task }:
                    if (!ReferenceEquals(Run.Stubs.ResolveOrFail(task, prefix + node.Id), task))
                        throw new WorkflowNodeFailedException(prefix + node.Id, task.Name, 0, FailureKind.UserError, new NotSupportedException(
                            $"Task '{task.Name}' is stubbed, and a stub runs in this process: it cannot replace the task's container on a cluster. " +
                            "Run stubbed workflows with the local interpreter or the local cluster."));
                    break;
                case NodeTarget.WorkflowTarget { Workflow: var sub }:
                    RefuseStubs(sub, prefix + node.Id + "/");
                    break;
            }
    }

    /// <summary>Tells the observer of each node whose phase changed since the last look.</summary>
    private sealed class Progress
    {
        private readonly WorkflowSpec workflow;
        private readonly Action<NodeEvent> observer;
        private readonly Dictionary<string, NodeStatus> seen = new(StringComparer.Ordinal);

        public Progress(WorkflowSpec workflow, Action<NodeEvent> observer)
        {
            this.workflow = workflow;
            this.observer = observer;
            foreach (var node in workflow.AllNodes)
                Tell(node.Id, node.Target.Name, NodeStatus.Queued, null);
        }

        public void Saw(IEnumerable<Flyteidl.Admin.NodeExecution> nodes)
        {
            foreach (var node in nodes)
            {
                var closure = node.Closure;
                NodeStatus? status = closure?.Phase switch
                {
                    NodePhase.Queued or NodePhase.Undefined => NodeStatus.Queued,
                    NodePhase.Running or NodePhase.DynamicRunning or NodePhase.Failing => NodeStatus.Running,
                    NodePhase.Succeeded or NodePhase.Recovered => closure.TaskNodeMetadata?.CacheStatus == Core.CatalogCacheStatus.CacheHit ? NodeStatus.Cached : NodeStatus.Succeeded,
                    NodePhase.Failed or NodePhase.TimedOut or NodePhase.Aborted => NodeStatus.Failed,
                    _ => null,
                };
                if (status is { } s) Tell(SpecIdOf(node), NameOf(workflow, node), s, s == NodeStatus.Failed ? closure?.Error?.Message : null);
            }
        }

        private void Tell(string id, string name, NodeStatus status, string? message)
        {
            if (seen.TryGetValue(id, out var last) && last == status) return;
            seen[id] = status;
            observer(new NodeEvent(id, name, status, 1, message));
        }
    }

    private async Task<Flyteidl.Admin.Execution> WaitAsync(Core.WorkflowExecutionIdentifier id, Progress? progress, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Options.Timeout is { } timeout)
            deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var execution = await client.GetExecutionAsync(id, deadline.Token).ConfigureAwait(false);
                if (IsTerminal(execution.Closure?.Phase ?? Phase.Undefined))
                    return execution;
                // A live view costs one listing per poll; without an observer nobody pays it.
                progress?.Saw(await NodesAsync(id, deadline.Token).ConfigureAwait(false));
                await Task.Delay(Options.PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Execution {id.Project}/{id.Domain}/{id.Name} did not finish within {Options.Timeout}; it keeps running on the cluster.");
        }
    }

    /// <summary>Whether an execution in <paramref name="phase"/> is over.</summary>
    public static bool IsTerminal(Phase phase) => phase is Phase.Succeeded or Phase.Failed or Phase.Aborted or Phase.TimedOut;

    private async Task<NodeExecution> RecordAsync(WorkflowSpec workflow, Flyteidl.Admin.NodeExecution node, CancellationToken cancellationToken)
    {
        var (nodeInputs, nodeOutputs) = (LiteralMap.Empty, LiteralMap.Empty);
        var dynamic = node.Metadata?.IsDynamic == true;
        WorkflowSpec? dynamicWorkflow = null;
        // A dynamic node's data also holds the workflow its task built: what its children are nodes of.
        if (Options.FetchNodeData || dynamic)
        {
            var data = await client.GetNodeExecutionDataAsync(node.Id, cancellationToken).ConfigureAwait(false);
            if (Options.FetchNodeData)
            {
                nodeInputs = data.FullInputs is null ? LiteralMap.Empty : ProtoMapping.ToModel(data.FullInputs);
                nodeOutputs = data.FullOutputs is null ? LiteralMap.Empty : ProtoMapping.ToModel(data.FullOutputs);
            }
            if (dynamic) dynamicWorkflow = DynamicWorkflowOf(data.DynamicWorkflow, SpecIdOf(node));
        }
        var subNodes = new List<NodeExecution>();
        if (node.Metadata?.IsParentNode == true && (dynamicWorkflow ?? Scope(FindNode(workflow, node))) is { } sub)
        {
            // A sub-workflow's nodes, a branch's taken case and a dynamic workflow's nodes are listed under their parent;
            // ids follow the local interpreter's "parent/child".
            var children = await client.ListChildNodeExecutionsAsync(node.Id, Options.NodePageSize, cancellationToken).ConfigureAwait(false);
            foreach (var child in children.Where(c => !SyntheticNodes.Contains(SpecIdOf(c))))
                subNodes.Add(Prefixed(await RecordAsync(sub, child, cancellationToken).ConfigureAwait(false), SpecIdOf(node) + "/"));
        }
        // Propeller marks a node served from its datacatalog cache in the node's task metadata; no task ran for it.
        var cached = node.Closure?.TaskNodeMetadata?.CacheStatus == Core.CatalogCacheStatus.CacheHit;
        var attempts = cached ? 0 : await AttemptsAsync(node, cancellationToken).ConfigureAwait(false);
        return new NodeExecution(SpecIdOf(node), NameOf(workflow, node), attempts, nodeInputs, nodeOutputs, [], subNodes)
        {
            Status = cached ? NodeStatus.Cached : NodeStatus.Succeeded, DynamicWorkflow = dynamicWorkflow,
        };
    }

    /// <summary>
    /// The workflow a dynamic node ran, from the compiled closure propeller reported for it (its tasks known by their
    /// templates); an empty workflow when Admin holds none.
    /// </summary>
    private static WorkflowSpec DynamicWorkflowOf(Flyteidl.Admin.DynamicWorkflowNodeMetadata? metadata, string nodeId)
    {
        if (metadata?.CompiledWorkflow?.Primary?.Template is not { } template)
            return new WorkflowSpec("dynamic_" + nodeId, TypedInterface.Empty, [], []);
        var spec = new Core.DynamicJobSpec();
        spec.Nodes.Add(template.Nodes);
        spec.Outputs.Add(template.Outputs);
        spec.Tasks.Add(metadata.CompiledWorkflow.Tasks.Select(t => t.Template));
        spec.Subworkflows.Add(metadata.CompiledWorkflow.SubWorkflows.Select(w => w.Template));
        return DynamicJobReader.ToWorkflow(spec, template.Id.Name, DynamicJobReader.Interface(template.Interface), DynamicJobReader.FromTemplate);
    }

    /// <summary>What a parent node's children are nodes of: a sub-workflow, or a branch's cases (as a workflow of them).</summary>
    private static WorkflowSpec? Scope(Node? node) => node?.Target switch
    {
        NodeTarget.WorkflowTarget { Workflow: var sub } => sub,
        BranchTarget branch => new WorkflowSpec(branch.Name, branch.Interface, new(branch.Block.Nodes), []),
        _ => null,
    };

    private static NodeExecution Prefixed(NodeExecution record, string prefix) =>
        record with { NodeId = prefix + record.NodeId, SubNodes = record.SubNodes.Select(s => Prefixed(s, prefix)).ToList() };

    /// <summary>A task node's attempts are its task executions; a node that ran no task counts as one attempt.</summary>
    private async Task<int> AttemptsAsync(Flyteidl.Admin.NodeExecution node, CancellationToken cancellationToken) =>
        Math.Max(1, await client.CountTaskExecutionsAsync(node.Id, Options.NodePageSize, cancellationToken).ConfigureAwait(false));

    private static string SpecIdOf(Flyteidl.Admin.NodeExecution node) =>
        node.Metadata?.SpecNodeId is { Length: > 0 } s ? s : node.Id.NodeId;

    private static Node? FindNode(WorkflowSpec workflow, Flyteidl.Admin.NodeExecution node) => workflow.FindNode(SpecIdOf(node));

    private static string NameOf(WorkflowSpec workflow, Flyteidl.Admin.NodeExecution node) =>
        FindNode(workflow, node)?.Target.Name ?? SpecIdOf(node);

    private static WorkflowNodeFailedException Failure(WorkflowSpec workflow, Core.WorkflowExecutionIdentifier id,
        Flyteidl.Admin.Execution execution, Flyteidl.Admin.NodeExecution? failed, int attempts)
    {
        var closure = execution.Closure;
        var error = failed?.Closure?.Error ?? closure.Error;
        var message = error?.Message is { Length: > 0 } m ? m
            : closure.AbortMetadata?.Cause is { Length: > 0 } cause ? "aborted: " + cause
            : $"the execution ended in phase {closure.Phase}";
        var code = error?.Code ?? closure.Phase.ToString();
        var errorKind = error?.Kind ?? Core.ExecutionError.Types.ErrorKind.Unknown;
        var kind = AttemptPolicy.Classify(error, timedOut: failed?.Closure?.Phase == NodePhase.TimedOut || closure.Phase == Phase.TimedOut);
        var nodeId = failed?.Id.NodeId ?? "end-node";
        var name = failed is null ? workflow.Name : NameOf(workflow, failed);
        Exception inner = new RemoteExecutionFailedException(id, code, message, errorKind, error?.ErrorUri is { Length: > 0 } uri ? uri : null);
        // A node that timed out is a timeout whatever the task did, as locally: the declared timeout is in the spec.
        if (kind == FailureKind.Timeout && failed is not null &&
            FindNode(workflow, failed)?.Target is NodeTarget.TaskTarget { Task.Metadata.Timeout: { } timeout })
            inner = new FlyteTimeoutException(name, timeout);
        return new WorkflowNodeFailedException(nodeId, name, attempts, kind, inner);
    }
}
