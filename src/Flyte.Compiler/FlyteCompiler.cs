using System.Globalization;
using System.Security.Cryptography;
using Flyte.Proto;
using Flyte.Tasks;
using Flyte.Workflows;
using Google.Protobuf;
using Admin = Flyteidl.Admin;
using Pb = Flyteidl.Core;
using Wkt = Google.Protobuf.WellKnownTypes;

namespace Flyte.Compile;

/// <summary>A task compiled to flyteidl.</summary>
/// <param name="Template">The <c>core.TaskTemplate</c>.</param>
public sealed record CompiledTask(Pb.TaskTemplate Template)
{
    /// <summary>The <c>admin.TaskSpec</c> registered with FlyteAdmin (and written to <c>NN_name_1.pb</c>).</summary>
    public Admin.TaskSpec Spec => new() { Template = Template.Clone() };
}

/// <summary>A workflow compiled to flyteidl, with everything it needs to be registered.</summary>
/// <param name="Template">The <c>core.WorkflowTemplate</c>.</param>
/// <param name="SubWorkflows">The templates of the sub-workflows it (transitively) runs.</param>
/// <param name="Tasks">The tasks it (transitively) runs, each once.</param>
/// <param name="LaunchPlan">The default launch plan: same name and version, every input a required parameter.</param>
public sealed record CompiledWorkflow(Pb.WorkflowTemplate Template, IReadOnlyList<Pb.WorkflowTemplate> SubWorkflows,
    IReadOnlyList<CompiledTask> Tasks, Admin.LaunchPlan LaunchPlan)
{
    /// <summary>The launch plans its nodes start (<c>launchplan_ref</c>), compiled with their workflows; registered before it.</summary>
    public IReadOnlyList<CompiledLaunchPlan> LaunchPlans { get; init; } = [];

    /// <summary>The <c>core.WorkflowClosure</c>: the template and the tasks it uses.</summary>
    public Pb.WorkflowClosure Closure
    {
        get
        {
            var closure = new Pb.WorkflowClosure { Workflow = Template.Clone() };
            closure.Tasks.Add(Tasks.Select(t => t.Template.Clone()));
            return closure;
        }
    }

    /// <summary>The <c>admin.WorkflowSpec</c> registered with FlyteAdmin (and written to <c>NN_name_2.pb</c>).</summary>
    public Admin.WorkflowSpec Spec
    {
        get
        {
            var spec = new Admin.WorkflowSpec { Template = Template.Clone() };
            spec.SubWorkflows.Add(SubWorkflows.Select(w => w.Clone()));
            return spec;
        }
    }
}

/// <summary>
/// Compiles tasks and workflows to the flyteidl entities FlyteAdmin registers: <c>TaskTemplate</c>s whose container
/// runs <c>flyte execute</c>, <c>WorkflowTemplate</c>s with bindings and node metadata, and default launch plans.
/// Deterministic: compiling the same values with the same options gives the same bytes.
/// </summary>
public static partial class FlyteCompiler
{
    /// <summary>The task type of .NET tasks; propeller runs it with the default container plugin.</summary>
    public const string TaskType = "dotnet-task";

    /// <summary>The task type of raw containers (copilot moves their data).</summary>
    public const string RawContainerType = "raw-container";

    /// <summary>The <c>RuntimeMetadata.flavor</c> of this SDK.</summary>
    public const string Flavor = "dotnet";

    /// <summary>
    /// The container arguments of a .NET task: <c>flyte execute</c> with propeller's placeholders, then the file and the
    /// task; behind <c>flyte fast-execute … --</c> when <see cref="CompileOptions.Fast"/> is set.
    /// </summary>
    public static IReadOnlyList<string> EntrypointArgs(CompileOptions options, string file, string taskName) =>
    [
        .. options.Fast?.Prefix(options.EntrypointCommand) ?? [],
        .. options.EntrypointCommand, "execute",
        "--inputs", "{{.input}}",
        "--output-prefix", "{{.outputPrefix}}",
        "--raw-output-data-prefix", "{{.rawOutputDataPrefix}}",
        "--checkpoint-path", "{{.checkpointOutputPrefix}}",
        "--prev-checkpoint", "{{.prevCheckpointPrefix}}",
        "--", file, taskName,
    ];

    /// <summary>Compiles a task. A task made by <see cref="RawContainerTask.ToTaskSpec"/> compiles to a <c>raw-container</c>.</summary>
    public static CompiledTask CompileTask(TaskSpec task, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= CompileOptions.Default;
        if (RawContainerTask.From(task) is { } raw) return CompileRawContainer(raw, options);
        var template = new Pb.TaskTemplate
        {
            Id = Id(Pb.ResourceType.Task, task.Name, "", options),
            Type = TaskType,
            Metadata = Metadata(task.Metadata, options),
            Interface = Interface(task.Interface),
            Container = new Pb.Container { Image = options.Image, Resources = Resources(task.Metadata.Resources) },
        };
        template.Container.Args.Add(EntrypointArgs(options, options.TaskFile(task.Name), task.Name));
        template.Container.Env.Add(Env(task.Metadata.Environment));
        return new CompiledTask(Versioned(template, options));
    }

    /// <summary>Compiles a raw container: its own image and command, data moved by copilot through <c>data_config</c>.</summary>
    public static CompiledTask CompileRawContainer(RawContainerTask task, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        options ??= CompileOptions.Default;
        var template = new Pb.TaskTemplate
        {
            Id = Id(Pb.ResourceType.Task, task.Name, "", options),
            Type = RawContainerType,
            Metadata = Metadata(task.Metadata, options),
            Interface = Interface(task.Interface),
            Container = new Pb.Container
            {
                Image = task.Image,
                Resources = Resources(task.Metadata.Resources),
                DataConfig = new Pb.DataLoadingConfig
                {
                    Enabled = true,
                    InputPath = task.InputPath,
                    OutputPath = task.OutputPath,
                    Format = task.Format,
                },
            },
        };
        template.Container.Command.Add(task.Command);
        template.Container.Args.Add(task.Arguments);
        template.Container.Env.Add(Env(task.Metadata.Environment));
        return new CompiledTask(Versioned(template, options));
    }

    /// <summary>Compiles a workflow, its sub-workflows, the tasks they run and its default launch plan.</summary>
    public static CompiledWorkflow CompileWorkflow(WorkflowSpec workflow, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        options ??= CompileOptions.Default;
        var tasks = new Dictionary<string, CompiledTask>(StringComparer.Ordinal);
        var subs = new Dictionary<string, Pb.WorkflowTemplate>(StringComparer.Ordinal);
        var template = Workflow(workflow, options, tasks, subs);
        var launchPlan = new Admin.LaunchPlan
        {
            Id = Id(Pb.ResourceType.LaunchPlan, workflow.Name, template.Id.Version, options),
            Spec = new Admin.LaunchPlanSpec { WorkflowId = template.Id.Clone(), DefaultInputs = new Pb.ParameterMap(), FixedInputs = new Pb.LiteralMap() },
        };
        foreach (var input in workflow.Interface.Inputs)
            launchPlan.Spec.DefaultInputs.Parameters.Add(input.Name, new Pb.Parameter { Var = Variable(input), Required = true });
        return new CompiledWorkflow(template, subs.Values.ToList(), tasks.Values.ToList(), launchPlan) { LaunchPlans = LaunchPlansOf(workflow, options) };
    }

    private static Pb.WorkflowTemplate Workflow(WorkflowSpec workflow, CompileOptions options,
        Dictionary<string, CompiledTask> tasks, Dictionary<string, Pb.WorkflowTemplate> subs)
    {
        var template = new Pb.WorkflowTemplate
        {
            Id = Id(Pb.ResourceType.Workflow, workflow.Name, "", options),
            Metadata = new Pb.WorkflowMetadata(),
            MetadataDefaults = new Pb.WorkflowMetadataDefaults(),
            Interface = Interface(workflow.Interface),
        };
        // Flyte has no setup or teardown: setup becomes a node every other node waits for, teardown a node that
        // waits for all others (so on a cluster it runs only when they succeeded).
        var all = workflow.Nodes.ToList();
        var ordinary = all.Select(n => n.Id).ToList();
        if (workflow.Setup is { } setup) template.Nodes.Add(Node(setup, [], options, tasks, subs));
        foreach (var node in all)
            template.Nodes.Add(Node(node, workflow.Setup is { } s ? [s.Id] : [], options, tasks, subs));
        if (workflow.Teardown is { } teardown)
            template.Nodes.Add(Node(teardown, workflow.Setup is { } s2 ? [s2.Id, .. ordinary] : ordinary, options, tasks, subs));
        foreach (var output in workflow.Outputs)
            template.Outputs.Add(new Pb.Binding { Var = output.Var, Binding_ = BindingOf(output.Data) });
        return Versioned(template, options);
    }

    private static Pb.Node Node(Node node, IReadOnlyList<string> extraUpstream, CompileOptions options,
        Dictionary<string, CompiledTask> tasks, Dictionary<string, Pb.WorkflowTemplate> subs)
    {
        var proto = new Pb.Node { Id = node.Id, Metadata = new Pb.NodeMetadata { Name = node.Target.Name } };
        foreach (var binding in node.Inputs.OrderBy(b => b.Var, StringComparer.Ordinal))
            proto.Inputs.Add(new Pb.Binding { Var = binding.Var, Binding_ = BindingOf(binding.Data) });
        var upstream = node.UpstreamIds.Concat(node.Inputs.SelectMany(b => b.Data.Promises()).Select(p => p.NodeId))
            .Concat(extraUpstream).Where(id => id != Promise.StartNode).Distinct().Order(StringComparer.Ordinal);
        proto.UpstreamNodeIds.Add(upstream);
        switch (node.Target)
        {
            case NodeTarget.TaskTarget { Task: var task }:
                if (!tasks.TryGetValue(task.Name, out var compiled))
                    tasks[task.Name] = compiled = CompileTask(task, options);
                else if (!compiled.Equals(CompileTask(task, options)))
                    throw new WorkflowBuildException($"Two different tasks are called '{task.Name}'; task names must be unique within a workflow.");
                proto.TaskNode = new Pb.TaskNode { ReferenceId = compiled.Template.Id.Clone() };
                // Propeller reads the per-attempt timeout and retries from the node, as flytekit writes them.
                proto.Metadata.Retries = new Pb.RetryStrategy { Retries = (uint)task.Metadata.Retries };
                if (task.Metadata.Timeout is { } timeout) proto.Metadata.Timeout = Wkt.Duration.FromTimeSpan(timeout);
                if (task.Metadata.Interruptible) proto.Metadata.Interruptible = true;
                break;
            case NodeTarget.WorkflowTarget { Workflow: var sub }:
                if (!subs.TryGetValue(sub.Name, out var subTemplate))
                    subs[sub.Name] = subTemplate = Workflow(sub, options, tasks, subs);
                proto.WorkflowNode = new Pb.WorkflowNode { SubWorkflowRef = subTemplate.Id.Clone() };
                break;
            case MapTarget map:
                proto.ArrayNode = ArrayNode(proto, map, options, tasks);
                proto.Metadata.Retries = new Pb.RetryStrategy { Retries = (uint)map.Task.Metadata.Retries };
                break;
            case BranchTarget branch:
                proto.BranchNode = BranchNode(branch, options, tasks, subs);
                proto.Metadata.Retries = new Pb.RetryStrategy();
                break;
            case ReferenceTarget reference:
                ReferenceNode(proto, reference);
                break;
            case LaunchPlanTarget launchPlan:
                LaunchPlanNode(proto, launchPlan, options);
                break;
            default:
                throw new WorkflowBuildException($"Node {node.Id} runs a {node.Target.GetType().Name}, which cannot be compiled.");
        }
        return proto;
    }

    /// <summary>The flyteidl binding of an input: constants as scalars, lists and maps as collections of bindings.</summary>
    public static Pb.BindingData BindingOf(BindingData data) => data switch
    {
        BindingData.Constant { Value: var literal } => ConstantBinding(ProtoMapping.ToProto(literal)),
        BindingData.Reference { Promise: var p } => new Pb.BindingData { Promise = OutputReference(p) },
        BindingData.Collection c => Collection(c.Items.Select(BindingOf)),
        BindingData.Map m => MapOf(m.Items.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, BindingOf(kv.Value)))),
        _ => throw new WorkflowBuildException($"Binding {data} cannot be compiled."),
    };

    private static Pb.OutputReference OutputReference(Promise promise)
    {
        var reference = new Pb.OutputReference { NodeId = promise.NodeId, Var = promise.Var };
        foreach (var attribute in promise.AttrPath)
            reference.AttrPath.Add(attribute switch
            {
                PromiseAttribute.Key k => new Pb.PromiseAttribute { StringValue = k.Name },
                PromiseAttribute.Index i => new Pb.PromiseAttribute { IntValue = i.Position },
                _ => throw new WorkflowBuildException($"Attribute {attribute} cannot be compiled."),
            });
        return reference;
    }

    // BindingData.scalar holds only a Scalar: constant lists and maps become collections and maps of scalar bindings.
    private static Pb.BindingData ConstantBinding(Pb.Literal literal) => literal.ValueCase switch
    {
        Pb.Literal.ValueOneofCase.Scalar => new Pb.BindingData { Scalar = literal.Scalar },
        Pb.Literal.ValueOneofCase.Collection => Collection(literal.Collection.Literals.Select(ConstantBinding)),
        Pb.Literal.ValueOneofCase.Map => MapOf(literal.Map.Literals.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, ConstantBinding(kv.Value)))),
        Pb.Literal.ValueOneofCase.OffloadedMetadata => new Pb.BindingData { OffloadedMetadata = literal.OffloadedMetadata },
        _ => throw new WorkflowBuildException("An empty literal cannot be bound."),
    };

    private static Pb.BindingData Collection(IEnumerable<Pb.BindingData> items)
    {
        var collection = new Pb.BindingDataCollection();
        collection.Bindings.Add(items);
        return new Pb.BindingData { Collection = collection };
    }

    private static Pb.BindingData MapOf(IEnumerable<(string Key, Pb.BindingData Value)> items)
    {
        var map = new Pb.BindingDataMap();
        foreach (var (key, value) in items) map.Bindings.Add(key, value);
        return new Pb.BindingData { Map = map };
    }

    private static Pb.TaskMetadata Metadata(TaskMetadata metadata, CompileOptions options)
    {
        var proto = new Pb.TaskMetadata
        {
            Runtime = new Pb.RuntimeMetadata { Type = Pb.RuntimeMetadata.Types.RuntimeType.FlyteSdk, Version = options.SdkVersion, Flavor = Flavor },
            Retries = new Pb.RetryStrategy { Retries = (uint)metadata.Retries },
            Discoverable = metadata.Cache.Enabled,
            DiscoveryVersion = metadata.Cache.Enabled ? metadata.Cache.Version : "",
            Interruptible = metadata.Interruptible,
            DeprecatedErrorMessage = metadata.DeprecationMessage ?? "",
        };
        if (metadata.Timeout is { } timeout) proto.Timeout = Wkt.Duration.FromTimeSpan(timeout);
        if (metadata.Cache.Enabled) proto.CacheIgnoreInputVars.Add(metadata.Cache.IgnoredInputs);
        return proto;
    }

    /// <summary>The flyteidl interface: variables keyed by name, in declaration order.</summary>
    public static Pb.TypedInterface Interface(TypedInterface @interface)
    {
        var proto = new Pb.TypedInterface { Inputs = new Pb.VariableMap(), Outputs = new Pb.VariableMap() };
        foreach (var v in @interface.Inputs) proto.Inputs.Variables.Add(v.Name, Variable(v));
        foreach (var v in @interface.Outputs) proto.Outputs.Variables.Add(v.Name, Variable(v));
        return proto;
    }

    private static Pb.Variable Variable(Tasks.Variable variable) =>
        new() { Type = ProtoMapping.ToProto(variable.Type) };

    private static Pb.Resources Resources(TaskResources resources)
    {
        var proto = new Pb.Resources();
        void Add(Google.Protobuf.Collections.RepeatedField<Pb.Resources.Types.ResourceEntry> list, Pb.Resources.Types.ResourceName name, string? value)
        {
            if (value is not null) list.Add(new Pb.Resources.Types.ResourceEntry { Name = name, Value = value });
        }
        Add(proto.Requests, Pb.Resources.Types.ResourceName.Cpu, resources.CpuRequest);
        Add(proto.Requests, Pb.Resources.Types.ResourceName.Memory, resources.MemoryRequest);
        Add(proto.Requests, Pb.Resources.Types.ResourceName.Gpu, resources.GpuRequest);
        Add(proto.Limits, Pb.Resources.Types.ResourceName.Cpu, resources.CpuLimit);
        Add(proto.Limits, Pb.Resources.Types.ResourceName.Memory, resources.MemoryLimit);
        return proto;
    }

    private static IEnumerable<Pb.KeyValuePair> Env(ValueMap<string> environment) =>
        environment.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Pb.KeyValuePair { Key = kv.Key, Value = kv.Value });

    private static Pb.Identifier Id(Pb.ResourceType type, string name, string version, CompileOptions options) =>
        new() { ResourceType = type, Project = options.Project, Domain = options.Domain, Name = name, Version = version };

    private static Pb.TaskTemplate Versioned(Pb.TaskTemplate template, CompileOptions options)
    {
        template.Id.Version = options.Version ?? ContentVersion(template);
        return template;
    }

    private static Pb.WorkflowTemplate Versioned(Pb.WorkflowTemplate template, CompileOptions options)
    {
        template.Id.Version = options.Version ?? ContentVersion(template);
        return template;
    }

    /// <summary>
    /// The content version of an entity: the first 20 hex digits of the SHA-256 of its protobuf bytes, written with an
    /// empty version. A workflow's bytes hold the versions of the tasks it references, so changing a task changes it too.
    /// </summary>
    public static string ContentVersion(IMessage entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Convert.ToHexStringLower(SHA256.HashData(entity.ToByteArray()))[..20];
    }

    /// <summary>The flytectl file names of a package: <c>NN_name_1.pb</c> tasks, <c>_2.pb</c> workflows, <c>_3.pb</c> launch plans, in registration order.</summary>
    public static IReadOnlyList<(string FileName, IMessage Entity)> PackageFiles(IEnumerable<CompiledTask> tasks, IEnumerable<CompiledWorkflow> workflows) =>
        PackageFiles(tasks, workflows, []);
}
