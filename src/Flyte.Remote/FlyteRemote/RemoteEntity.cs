using Flyte.Proto;
using Google.Protobuf;
using Core = Flyteidl.Core;

namespace Flyte.Remote;

/// <summary>One input of a registered entity: its Flyte type, and whether an execution must give it.</summary>
/// <param name="Type">The Flyte type a value must have.</param>
/// <param name="Required">Whether an execution must give a value (a launch plan parameter with a default need not).</param>
/// <param name="Default">The launch plan's default, when it has one.</param>
public sealed record RemoteInput(LiteralType Type, bool Required, Literal? Default = null);

/// <summary>
/// A task, workflow or launch plan as FlyteAdmin has it (flytekit's <c>FlyteTask</c>, <c>FlyteWorkflow</c>,
/// <c>FlyteLaunchPlan</c>): its full id and its typed interface. Fetched by <see cref="FlyteRemote"/>; what
/// <see cref="FlyteRemote.ExecuteAsync"/> checks inputs against and reads outputs with.
/// </summary>
public sealed record RemoteEntity
{
    /// <summary>Creates the entity.</summary>
    public RemoteEntity(Core.Identifier id, IReadOnlyDictionary<string, RemoteInput> inputs, IReadOnlyDictionary<string, LiteralType> outputs, IMessage admin)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(admin);
        Id = id;
        Inputs = inputs;
        Outputs = outputs;
        Admin = admin;
    }

    /// <summary>Project, domain, name and version; its resource type says what it is.</summary>
    public Core.Identifier Id { get; }

    /// <summary>TASK, WORKFLOW or LAUNCH_PLAN.</summary>
    public Core.ResourceType Kind => Id.ResourceType;

    /// <summary>The inputs by name, in the interface's order.</summary>
    public IReadOnlyDictionary<string, RemoteInput> Inputs { get; }

    /// <summary>The outputs by name (<c>o0</c>, <c>o1</c>… for .NET and Python tasks), in the interface's order.</summary>
    public IReadOnlyDictionary<string, LiteralType> Outputs { get; }

    /// <summary>What Admin answered: a <see cref="Flyteidl.Admin.Task"/>, <see cref="Flyteidl.Admin.Workflow"/> or <see cref="Flyteidl.Admin.LaunchPlan"/>.</summary>
    public IMessage Admin { get; }

    /// <summary><c>TASK project/domain/name@version</c>.</summary>
    public override string ToString() => FlyteAdminClient.Describe(Id);

    /// <summary>The entity of a task Admin returned (<c>closure.compiled_task.template</c>); every input is required.</summary>
    internal static RemoteEntity Of(Flyteidl.Admin.Task task) =>
        FromInterface(task.Id, task.Closure?.CompiledTask?.Template?.Interface, task);

    /// <summary>The entity of a workflow Admin returned (<c>closure.compiled_workflow.primary.template</c>); every input is required.</summary>
    internal static RemoteEntity Of(Flyteidl.Admin.Workflow workflow) =>
        FromInterface(workflow.Id, workflow.Closure?.CompiledWorkflow?.Primary?.Template?.Interface, workflow);

    /// <summary>The entity of a launch plan Admin returned: <c>closure.expected_inputs</c> (with defaults) and <c>expected_outputs</c>.</summary>
    internal static RemoteEntity Of(Flyteidl.Admin.LaunchPlan plan)
    {
        var inputs = new Dictionary<string, RemoteInput>(StringComparer.Ordinal);
        foreach (var (name, parameter) in plan.Closure?.ExpectedInputs?.Parameters ?? [])
            inputs[name] = new RemoteInput(TypeOf(parameter.Var, plan.Id, name),
                parameter.Required || parameter.BehaviorCase == Core.Parameter.BehaviorOneofCase.None,
                parameter.BehaviorCase == Core.Parameter.BehaviorOneofCase.Default ? ProtoMapping.ToModel(parameter.Default) : null);
        return new RemoteEntity(plan.Id, inputs, OutputsOf(plan.Closure?.ExpectedOutputs, plan.Id), plan);
    }

    private static RemoteEntity FromInterface(Core.Identifier id, Core.TypedInterface? typed, IMessage admin)
    {
        var inputs = new Dictionary<string, RemoteInput>(StringComparer.Ordinal);
        foreach (var (name, variable) in typed?.Inputs?.Variables ?? [])
            inputs[name] = new RemoteInput(TypeOf(variable, id, name), Required: true);
        return new RemoteEntity(id, inputs, OutputsOf(typed?.Outputs, id), admin);
    }

    private static Dictionary<string, LiteralType> OutputsOf(Core.VariableMap? outputs, Core.Identifier id)
    {
        var types = new Dictionary<string, LiteralType>(StringComparer.Ordinal);
        foreach (var (name, variable) in outputs?.Variables ?? [])
            types[name] = TypeOf(variable, id, name);
        return types;
    }

    private static LiteralType TypeOf(Core.Variable? variable, Core.Identifier id, string name) =>
        variable?.Type is { } type
            ? ProtoMapping.ToModel(type)
            : throw new FormatException($"{FlyteAdminClient.Describe(id)}: the interface variable '{name}' has no type.");
}
