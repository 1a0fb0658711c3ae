using Flyte.Compile;
using Flyte.Proto;
using Flyte.Tasks;
using Flyte.Workflows;
using Pb = Flyteidl.Core;

namespace Flyte.Execution;

/// <summary>
/// Reads a <c>futures.pb</c> back into a workflow an interpreter runs, as propeller builds its dynamic workflow from one:
/// the spec's nodes (task, sub-workflow and array nodes) with their bindings and upstream ids, its output bindings, the
/// dynamic task's outputs as the workflow's outputs, and no inputs. Each task comes from its template through a resolver
/// (the runnable task of that name, or <see cref="FromTemplate"/>).
/// </summary>
public static class DynamicJobReader
{
    /// <summary>The workflow of <paramref name="spec"/>, named <paramref name="name"/>, with the outputs of <paramref name="taskInterface"/>.</summary>
    /// <param name="spec">The dynamic job.</param>
    /// <param name="name">The workflow's name (propeller's <c>dynamic_&lt;node id&gt;</c>).</param>
    /// <param name="taskInterface">The dynamic task's interface; its outputs are the workflow's.</param>
    /// <param name="resolve">The runnable task of a template.</param>
    /// <exception cref="FlyteSystemException">A node references a task or sub-workflow the spec lacks, or is of a kind not run here.</exception>
    public static WorkflowSpec ToWorkflow(Pb.DynamicJobSpec spec, string name, TypedInterface taskInterface, Func<Pb.TaskTemplate, TaskSpec> resolve)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(taskInterface);
        ArgumentNullException.ThrowIfNull(resolve);
        var reader = new Reader(spec, resolve);
        return new WorkflowSpec(name, new TypedInterface(ValueList<Variable>.Empty, taskInterface.Outputs),
            new(spec.Nodes.Select(reader.Node)), new(spec.Outputs.Select(Binding)));
    }

    /// <summary>
    /// A task known only by its template: its name, interface, retries, timeout, cache settings and environment. Its
    /// body cannot run in this process: it is for launchers that start the template's container by the task's name.
    /// </summary>
    public static TaskSpec FromTemplate(Pb.TaskTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var name = template.Id.Name;
        var metadata = template.Metadata ?? new Pb.TaskMetadata();
        var task = new TaskSpec(name, Interface(template.Interface), (_, _, _) =>
            throw new FlyteSystemException($"Task '{name}' is known here only by its template from futures.pb: it runs in its own container."));
        return task.WithMetadata(m => m with
        {
            Retries = (int)(metadata.Retries?.Retries ?? 0),
            Timeout = metadata.Timeout?.ToTimeSpan() is { } timeout && timeout > TimeSpan.Zero ? timeout : null,
            Interruptible = metadata.Interruptible,
            Cache = metadata.Discoverable ? new CacheSettings(true, metadata.DiscoveryVersion, new(metadata.CacheIgnoreInputVars)) : CacheSettings.Disabled,
            Environment = (template.Container?.Env ?? []).Aggregate(ValueMap<string>.Empty, (env, kv) => env.SetItem(kv.Key, kv.Value)),
        });
    }

    /// <summary>The model of a flyteidl interface, variables in their order.</summary>
    public static TypedInterface Interface(Pb.TypedInterface? @interface)
    {
        static ValueList<Variable> Variables(Pb.VariableMap? map) =>
            new((map?.Variables ?? []).Select(kv => new Variable(kv.Key, ProtoMapping.ToModel(kv.Value.Type))));
        return new TypedInterface(Variables(@interface?.Inputs), Variables(@interface?.Outputs));
    }

    /// <summary>The model of a flyteidl binding.</summary>
    public static Binding Binding(Pb.Binding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new Binding(binding.Var, Data(binding.Binding_));
    }

    private static BindingData Data(Pb.BindingData data) => data.ValueCase switch
    {
        Pb.BindingData.ValueOneofCase.Scalar => new BindingData.Constant(ProtoMapping.ToModel(new Pb.Literal { Scalar = data.Scalar })),
        Pb.BindingData.ValueOneofCase.OffloadedMetadata => new BindingData.Constant(ProtoMapping.ToModel(new Pb.Literal { OffloadedMetadata = data.OffloadedMetadata })),
        Pb.BindingData.ValueOneofCase.Promise => new BindingData.Reference(new Promise(data.Promise.NodeId, data.Promise.Var,
            new(data.Promise.AttrPath.Select(a => a.ValueCase == Pb.PromiseAttribute.ValueOneofCase.IntValue
                ? (PromiseAttribute)new PromiseAttribute.Index(a.IntValue)
                : new PromiseAttribute.Key(a.StringValue))))),
        Pb.BindingData.ValueOneofCase.Collection => new BindingData.Collection(new(data.Collection.Bindings.Select(Data))),
        Pb.BindingData.ValueOneofCase.Map => new BindingData.Map(data.Map.Bindings.Aggregate(ValueMap<BindingData>.Empty,
            (map, kv) => map.SetItem(kv.Key, Data(kv.Value)))),
        _ => throw new FlyteSystemException($"futures.pb has a binding of no value ({data.ValueCase})."),
    };

    private sealed class Reader(Pb.DynamicJobSpec spec, Func<Pb.TaskTemplate, TaskSpec> resolve)
    {
        private readonly Dictionary<string, TaskSpec> _tasks = new(StringComparer.Ordinal);
        private readonly Dictionary<string, WorkflowSpec> _workflows = new(StringComparer.Ordinal);

        public Node Node(Pb.Node node)
        {
            NodeTarget target = node.TargetCase switch
            {
                Pb.Node.TargetOneofCase.TaskNode => new NodeTarget.TaskTarget(Task(Template(node.TaskNode.ReferenceId, node.Id))),
                Pb.Node.TargetOneofCase.WorkflowNode when node.WorkflowNode.SubWorkflowRef is { } id => new NodeTarget.WorkflowTarget(Workflow(id, node.Id)),
                Pb.Node.TargetOneofCase.ArrayNode => Map(node),
                _ => throw new FlyteSystemException(
                    $"Node {node.Id} of futures.pb is a {node.TargetCase} node; a dynamic workflow here runs task, sub-workflow and array nodes."),
            };
            return new Node(node.Id, target, new(node.Inputs.Select(Binding)), new(node.UpstreamNodeIds));
        }

        private Pb.TaskTemplate Template(Pb.Identifier id, string nodeId) =>
            spec.Tasks.FirstOrDefault(t => t.Id.Equals(id))
            ?? throw new FlyteSystemException($"Node {nodeId} of futures.pb runs task {id.Name} (version {id.Version}), which the spec's tasks lack.");

        private TaskSpec Task(Pb.TaskTemplate template)
        {
            var key = template.Id.ToString();
            if (!_tasks.TryGetValue(key, out var task)) _tasks[key] = task = resolve(template);
            return task;
        }

        private WorkflowSpec Workflow(Pb.Identifier id, string nodeId)
        {
            var key = id.ToString();
            if (_workflows.TryGetValue(key, out var known)) return known;
            var template = spec.Subworkflows.FirstOrDefault(w => w.Id.Equals(id))
                ?? throw new FlyteSystemException($"Node {nodeId} of futures.pb runs sub-workflow {id.Name}, which the spec's sub-workflows lack.");
            var workflow = new WorkflowSpec(id.Name, Interface(template.Interface), new(template.Nodes.Select(Node)), new(template.Outputs.Select(Binding)));
            _workflows[key] = workflow;
            return workflow;
        }

        // An array node's template is the mapped task's with list inputs and outputs, its container running that task
        // (the last container argument names it); an input whose type the task has as it is was bound whole.
        private MapTarget Map(Pb.Node node)
        {
            var array = node.ArrayNode;
            if (array.Node?.TaskNode?.ReferenceId is not { } id)
                throw new FlyteSystemException($"Array node {node.Id} of futures.pb does not run a task.");
            var template = Template(id, node.Id);
            var listInterface = Interface(template.Interface);
            var element = template.Clone();
            element.Id.Name = template.Container?.Args.LastOrDefault() ?? template.Id.Name;
            element.Interface = FlyteCompiler.Interface(new TypedInterface(
                new(listInterface.Inputs.Select(v => v.Type.Type is TypeKind.CollectionType c ? v with { Type = c.ElementType } : v)),
                new(listInterface.Outputs.Select(v => v.Type.Type is TypeKind.CollectionType c ? v with { Type = c.ElementType } : v))));
            var task = Task(element);
            var bound = listInterface.Inputs.Where(v => task.Interface.Input(v.Name)?.Type == v.Type).Select(v => v.Name);
            var options = new MapOptions
            {
                Concurrency = array.Parallelism > 0 ? (int)array.Parallelism : null,
                MinSuccesses = array.SuccessCriteriaCase == Pb.ArrayNode.SuccessCriteriaOneofCase.MinSuccesses ? (int)array.MinSuccesses : null,
                MinSuccessRatio = array.SuccessCriteriaCase == Pb.ArrayNode.SuccessCriteriaOneofCase.MinSuccessRatio ? array.MinSuccessRatio : null,
            };
            return new MapTarget(task, new(bound), options);
        }
    }
}
