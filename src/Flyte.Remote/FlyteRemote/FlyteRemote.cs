using Flyte.Config;
using Flyte.Storage;
using Flyte.Types;
using Flyteidl.Admin;
using Core = Flyteidl.Core;
using Phase = Flyteidl.Core.WorkflowExecution.Types.Phase;
using Task = System.Threading.Tasks.Task;

namespace Flyte.Remote;

/// <summary>
/// The typed remote API, .NET's twin of flytekit's <c>FlyteRemote</c>: fetch registered tasks, workflows and launch
/// plans (the latest version when none is named) with their interfaces, start executions with .NET values checked
/// and converted against those interfaces, wait with progress, read outputs typed (inline or, above Admin's inline
/// limit, from the blob store), list node executions, terminate and relaunch. Thread-safe.
/// </summary>
public sealed class FlyteRemote : IDisposable
{
    private static readonly HashSet<string> SyntheticNodes = ["start-node", "end-node"];
    private readonly bool ownsClient;
    private readonly IBlobStore store;

    /// <summary>A remote talking through <paramref name="client"/> (not disposed by this remote).</summary>
    public FlyteRemote(FlyteAdminClient client, FlyteRemoteOptions? options = null)
        : this(client, options ?? new FlyteRemoteOptions(), ownsClient: false)
    {
    }

    private FlyteRemote(FlyteAdminClient client, FlyteRemoteOptions options, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.NodePageSize);
        Client = client;
        Options = options;
        store = options.Store ?? BlobStoreRouter.Local;
        this.ownsClient = ownsClient;
    }

    /// <summary>
    /// A remote for the cluster <paramref name="config"/> names (flytectl's config: <c>admin:</c> for FlyteAdmin,
    /// <c>storage:</c> for outputs Admin returns by URL, unless <paramref name="options"/> names a store).
    /// </summary>
    public static FlyteRemote FromConfig(FlyteConfig config, FlyteRemoteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        options ??= new FlyteRemoteOptions();
        var client = new FlyteAdminClient(AdminConfig.From(config));
        return new FlyteRemote(client, options with { Store = options.Store ?? Entrypoints.Entrypoint.DefaultStore(config) }, ownsClient: true);
    }

    /// <summary>
    /// <see cref="FromConfig"/> with <see cref="FlyteConfig.Load(string?)"/> (flytectl's config file and the <c>FLYTE_*</c>
    /// variables), project and domain from <c>FLYTE_PROJECT</c>/<c>FLYTE_DOMAIN</c> when set.
    /// </summary>
    public static FlyteRemote FromEnvironment(string? configPath = null)
    {
        static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var defaults = new FlyteRemoteOptions();
        return FromConfig(FlyteConfig.Load(configPath),
            defaults with { Project = Env("FLYTE_PROJECT") ?? defaults.Project, Domain = Env("FLYTE_DOMAIN") ?? defaults.Domain });
    }

    /// <summary>The FlyteAdmin client.</summary>
    public FlyteAdminClient Client { get; }

    /// <summary>The settings.</summary>
    public FlyteRemoteOptions Options { get; }

    /// <summary>A task by name; the latest version (newest <c>created_at</c>) when <paramref name="version"/> is null.</summary>
    /// <exception cref="FlyteEntityNotFoundException">No such task, or no version of it.</exception>
    public async Task<RemoteEntity> FetchTaskAsync(string name, string? version = null, string? project = null, string? domain = null,
        CancellationToken cancellationToken = default)
    {
        var id = await ResolveAsync(Core.ResourceType.Task, name, version, project, domain, cancellationToken).ConfigureAwait(false);
        return RemoteEntity.Of(await NotFoundNamed(FlyteAdminClient.Describe(id), () => Client.GetTaskAsync(id, cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>A workflow by name; the latest version when <paramref name="version"/> is null.</summary>
    /// <exception cref="FlyteEntityNotFoundException">No such workflow, or no version of it.</exception>
    public async Task<RemoteEntity> FetchWorkflowAsync(string name, string? version = null, string? project = null, string? domain = null,
        CancellationToken cancellationToken = default)
    {
        var id = await ResolveAsync(Core.ResourceType.Workflow, name, version, project, domain, cancellationToken).ConfigureAwait(false);
        return RemoteEntity.Of(await NotFoundNamed(FlyteAdminClient.Describe(id), () => Client.GetWorkflowAsync(id, cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>A launch plan by name; the latest version when <paramref name="version"/> is null. Its inputs carry the plan's defaults.</summary>
    /// <exception cref="FlyteEntityNotFoundException">No such launch plan, or no version of it.</exception>
    public async Task<RemoteEntity> FetchLaunchPlanAsync(string name, string? version = null, string? project = null, string? domain = null,
        CancellationToken cancellationToken = default)
    {
        var id = await ResolveAsync(Core.ResourceType.LaunchPlan, name, version, project, domain, cancellationToken).ConfigureAwait(false);
        return await LaunchPlanAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts an execution of <paramref name="entity"/>: a launch plan as it is, a workflow through its default launch
    /// plan (same name and version, as flytekit does), a task on its own. <paramref name="inputs"/> — an object whose
    /// public properties are the inputs (<c>new { x = 3L }</c>), a dictionary, a <see cref="LiteralMap"/> or null — are
    /// checked and converted against the interface before anything is sent.
    /// </summary>
    /// <exception cref="RemoteInputException">An input is unknown, missing, or not of its Flyte type.</exception>
    /// <exception cref="FlyteEntityNotFoundException">The workflow has no launch plan of its name and version.</exception>
    public async Task<RemoteExecution> ExecuteAsync(RemoteEntity entity, object? inputs = null, RemoteExecuteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        options ??= RemoteExecuteOptions.Default;
        var target = entity.Kind switch
        {
            Core.ResourceType.LaunchPlan or Core.ResourceType.Task => entity,
            Core.ResourceType.Workflow => await LaunchPlanAsync(new Core.Identifier(entity.Id) { ResourceType = Core.ResourceType.LaunchPlan }, cancellationToken)
                .ConfigureAwait(false),
            _ => throw new ArgumentException($"{entity} is neither a task, a workflow nor a launch plan.", nameof(entity)),
        };
        var literals = await RemoteInputs.ToLiteralsAsync(target, inputs, Context(cancellationToken)).ConfigureAwait(false);
        var id = await Client.CreateExecutionAsync(new ExecutionCreateRequest
        {
            Project = options.Project ?? target.Id.Project,
            Domain = options.Domain ?? target.Id.Domain,
            Name = options.Name ?? "",
            Spec = new ExecutionSpec
            {
                LaunchPlan = target.Id.Clone(),
                Metadata = new ExecutionMetadata { Mode = ExecutionMetadata.Types.ExecutionMode.Manual, Principal = Options.Principal },
                OverwriteCache = options.OverwriteCache,
            },
            Inputs = Proto.ProtoMapping.ToProto(literals),
        }, cancellationToken).ConfigureAwait(false);
        return new RemoteExecution(this, await GetExecutionAsync(id, cancellationToken).ConfigureAwait(false), target);
    }

    /// <summary>An execution by name, with what it executed (fetched from its spec, so its outputs read typed).</summary>
    /// <exception cref="FlyteEntityNotFoundException">No such execution.</exception>
    public async Task<RemoteExecution> FetchExecutionAsync(string name, string? project = null, string? domain = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var id = new Core.WorkflowExecutionIdentifier { Project = project ?? Options.Project, Domain = domain ?? Options.Domain, Name = name };
        var admin = await GetExecutionAsync(id, cancellationToken).ConfigureAwait(false);
        RemoteEntity? entity = admin.Spec?.LaunchPlan switch
        {
            { ResourceType: Core.ResourceType.LaunchPlan } lp => await LaunchPlanAsync(lp, cancellationToken).ConfigureAwait(false),
            { ResourceType: Core.ResourceType.Task } task => RemoteEntity.Of(await Client.GetTaskAsync(task, cancellationToken).ConfigureAwait(false)),
            _ => null,
        };
        return new RemoteExecution(this, admin, entity);
    }

    /// <summary>A fresh snapshot of <paramref name="execution"/>.</summary>
    public async Task<RemoteExecution> SyncAsync(RemoteExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return new RemoteExecution(this, await GetExecutionAsync(execution.Id, cancellationToken).ConfigureAwait(false), execution.Entity);
    }

    /// <summary>
    /// Follows <paramref name="execution"/> until it ends (SUCCEEDED, FAILED, ABORTED, TIMED_OUT) and returns its last
    /// snapshot; a failed execution is returned, not thrown (read <see cref="RemoteExecution.Error"/>). The callbacks of
    /// <paramref name="wait"/> hear phase changes of the execution and its nodes.
    /// </summary>
    /// <exception cref="TimeoutException">It did not end within <see cref="RemoteWaitOptions.Timeout"/>; it keeps running on the cluster.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the execution keeps running (see <see cref="TerminateAsync"/>).</exception>
    public async Task<RemoteExecution> WaitAsync(RemoteExecution execution, RemoteWaitOptions? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        wait ??= RemoteWaitOptions.Default;
        var interval = wait.PollInterval ?? Options.PollInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (wait.Timeout is { } timeout)
            deadline.CancelAfter(timeout);
        var phase = (Phase?)null;
        var nodes = new Dictionary<string, Core.NodeExecution.Types.Phase>(StringComparer.Ordinal);
        var current = execution;
        try
        {
            while (true)
            {
                current = await SyncAsync(current, deadline.Token).ConfigureAwait(false);
                if (current.Phase != phase)
                {
                    phase = current.Phase;
                    wait.PhaseChanged?.Invoke(current);
                }
                if (wait.NodeChanged is { } heard)
                    foreach (var node in Flatten(await ListNodeExecutionsAsync(current, includeChildren: true, deadline.Token).ConfigureAwait(false)))
                        if (!nodes.TryGetValue(node.NodeId, out var seen) || seen != node.Phase)
                        {
                            nodes[node.NodeId] = node.Phase;
                            heard(node);
                        }
                if (current.IsDone)
                    return current;
                await Task.Delay(interval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Execution {current.Id.Project}/{current.Id.Domain}/{current.Id.Name} did not finish within {wait.Timeout} (last seen {current.Phase}); " +
                "it keeps running on the cluster.");
        }
    }

    /// <summary>The outputs of a succeeded execution as literals: inline, or read from the blob store when Admin names <c>outputs.url</c>.</summary>
    /// <exception cref="InvalidOperationException">The execution has not succeeded (as of this snapshot).</exception>
    public Task<LiteralMap> GetOutputsAsync(RemoteExecution execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.Phase != Phase.Succeeded)
            throw new InvalidOperationException(execution.IsDone
                ? $"Execution {execution} has no outputs: it ended in {execution.Phase}" + (execution.Error is { } e ? $" ({e.Code}: {e.Message})." : ".")
                : $"Execution {execution} has not finished: wait for it (FlyteRemote.WaitAsync) before reading its outputs.");
        return ExecutionOutputs.ReadAsync(Client, execution.Id, store, "FlyteRemoteOptions.Store", Options.Engine.Options.MaxDepth, cancellationToken);
    }

    /// <summary>The output <paramref name="name"/> of a succeeded execution, converted to <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">The execution has no output of that name (the message lists those it has).</exception>
    /// <exception cref="TypeTransformerException">The output is not a <typeparamref name="T"/> (its path is the output's name).</exception>
    public async Task<T> GetOutputAsync<T>(RemoteExecution execution, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var outputs = await GetOutputsAsync(execution, cancellationToken).ConfigureAwait(false);
        if (!outputs.Literals.TryGetValue(name, out var literal))
            throw new KeyNotFoundException(
                $"Execution {execution} has no output '{name}' (its outputs: {(outputs.Literals.Count == 0 ? "none" : string.Join(", ", outputs.Literals.Keys))}).");
        try
        {
            return await Options.Engine.ToValueAsync<T>(literal, Context(cancellationToken)).ConfigureAwait(false);
        }
        catch (TypeTransformerException e)
        {
            throw e.AtPath(name);
        }
    }

    /// <summary>
    /// The node executions of <paramref name="execution"/> (Admin's <c>start-node</c> and <c>end-node</c> left out), each
    /// with its phase and error; with <paramref name="includeChildren"/>, the nodes under each parent node (sub-workflows,
    /// branches, dynamic nodes) as its <see cref="RemoteNodeExecution.Children"/>, recursively.
    /// </summary>
    public async Task<IReadOnlyList<RemoteNodeExecution>> ListNodeExecutionsAsync(RemoteExecution execution, bool includeChildren = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var top = await Client.ListAllNodeExecutionsAsync(execution.Id, Options.NodePageSize, cancellationToken).ConfigureAwait(false);
        return await NodesAsync(top, includeChildren, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks Admin to terminate <paramref name="execution"/> (it becomes ABORTED once propeller has stopped it).</summary>
    /// <exception cref="FlyteEntityNotFoundException">No such execution.</exception>
    /// <exception cref="FlyteAdminException">Admin refused, e.g. <c>FAILED_PRECONDITION</c> for an execution that has already ended.</exception>
    public Task TerminateAsync(RemoteExecution execution, string cause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return NotFoundNamed(ExecutionName(execution.Id), async () =>
        {
            await Client.TerminateExecutionAsync(execution.Id, cause, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>A new execution of what <paramref name="execution"/> ran, with its inputs (Admin's <c>RelaunchExecution</c>).</summary>
    /// <param name="execution">The execution to relaunch (it may have ended in any phase).</param>
    /// <param name="name">The new execution's name; null for one Admin makes up.</param>
    /// <param name="overwriteCache">Run every cached task again and replace its stored outputs.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="FlyteEntityNotFoundException">No such execution.</exception>
    public async Task<RemoteExecution> RelaunchAsync(RemoteExecution execution, string? name = null, bool overwriteCache = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var id = await NotFoundNamed(ExecutionName(execution.Id),
            () => Client.RelaunchExecutionAsync(execution.Id, name, overwriteCache, cancellationToken)).ConfigureAwait(false);
        return new RemoteExecution(this, await GetExecutionAsync(id, cancellationToken).ConfigureAwait(false), execution.Entity);
    }

    /// <summary>Disposes the client when this remote made it (<see cref="FromConfig"/>).</summary>
    public void Dispose()
    {
        if (ownsClient)
            Client.Dispose();
    }

    private TransformerContext Context(CancellationToken cancellationToken) =>
        new(Options.Engine) { CancellationToken = cancellationToken, Services = Options.Services };

    private async Task<RemoteEntity> LaunchPlanAsync(Core.Identifier id, CancellationToken cancellationToken) =>
        RemoteEntity.Of(await NotFoundNamed(FlyteAdminClient.Describe(id), () => Client.GetLaunchPlanAsync(id, cancellationToken)).ConfigureAwait(false));

    private Task<Flyteidl.Admin.Execution> GetExecutionAsync(Core.WorkflowExecutionIdentifier id, CancellationToken cancellationToken) =>
        NotFoundNamed(ExecutionName(id), () => Client.GetExecutionAsync(id, cancellationToken));

    /// <summary>The full id: <paramref name="version"/> as given, else the newest version Admin lists (flytekit's <c>_get_latest_version</c>).</summary>
    private async Task<Core.Identifier> ResolveAsync(Core.ResourceType type, string name, string? version, string? project, string? domain,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var id = new Core.Identifier { ResourceType = type, Project = project ?? Options.Project, Domain = domain ?? Options.Domain, Name = name };
        if (version is { Length: > 0 } && version != "latest")
        {
            id.Version = version;
            return id;
        }
        var named = new NamedEntityIdentifier { Project = id.Project, Domain = id.Domain, Name = name };
        var newest = FlyteAdminClient.NewestFirst;
        var latest = type switch
        {
            Core.ResourceType.Task => (await Client.ListTasksAsync(named, 1, newest, cancellationToken: cancellationToken).ConfigureAwait(false)).Tasks.FirstOrDefault()?.Id,
            Core.ResourceType.Workflow => (await Client.ListWorkflowsAsync(named, 1, newest, cancellationToken: cancellationToken).ConfigureAwait(false)).Workflows.FirstOrDefault()?.Id,
            _ => (await Client.ListLaunchPlansAsync(named, 1, newest, cancellationToken: cancellationToken).ConfigureAwait(false)).LaunchPlans.FirstOrDefault()?.Id,
        };
        if (latest is not { Version.Length: > 0 })
        {
            var kind = FlyteAdminClient.Describe(id).Split(' ')[0];
            throw new FlyteEntityNotFoundException($"{kind} {id.Project}/{id.Domain}/{name} (any version)",
                $"List{(type == Core.ResourceType.LaunchPlan ? "LaunchPlans" : type == Core.ResourceType.Task ? "Tasks" : "Workflows")}",
                "no version is registered");
        }
        id.Version = latest.Version;
        return id;
    }

    private async Task<IReadOnlyList<RemoteNodeExecution>> NodesAsync(IEnumerable<Flyteidl.Admin.NodeExecution> nodes, bool includeChildren,
        CancellationToken cancellationToken)
    {
        var records = new List<RemoteNodeExecution>();
        foreach (var node in nodes.Where(n => !SyntheticNodes.Contains(n.Metadata?.SpecNodeId is { Length: > 0 } s ? s : n.Id.NodeId)))
        {
            IReadOnlyList<RemoteNodeExecution> children = [];
            if (includeChildren && node.Metadata?.IsParentNode == true)
                children = await NodesAsync(await Client.ListChildNodeExecutionsAsync(node.Id, Options.NodePageSize, cancellationToken).ConfigureAwait(false),
                    includeChildren, cancellationToken).ConfigureAwait(false);
            records.Add(RemoteNodeExecution.Of(node, children));
        }
        return records;
    }

    private static IEnumerable<RemoteNodeExecution> Flatten(IEnumerable<RemoteNodeExecution> nodes) =>
        nodes.SelectMany(n => Flatten(n.Children).Prepend(n));

    private static string ExecutionName(Core.WorkflowExecutionIdentifier id) => $"execution {id.Project}/{id.Domain}/{id.Name}";

    /// <summary>Runs an Admin call; its NOT_FOUND becomes a <see cref="FlyteEntityNotFoundException"/> naming <paramref name="entity"/>.</summary>
    private static async Task<T> NotFoundNamed<T>(string entity, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (FlyteAdminException e) when (e.Code == GrpcStatusCode.NOT_FOUND && e is not FlyteEntityNotFoundException)
        {
            throw new FlyteEntityNotFoundException(entity, e.Operation, e.ServerMessage, e);
        }
    }
}
