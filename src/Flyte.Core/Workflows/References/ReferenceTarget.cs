using Flyte.Tasks;

namespace Flyte.Workflows;

/// <summary>What kind of entity a reference stands for (<c>core.ResourceType</c>).</summary>
public enum ReferenceKind
{
    /// <summary>A task (<c>task_node.reference_id</c>).</summary>
    Task,
    /// <summary>A workflow (<c>workflow_node.sub_workflow_ref</c>).</summary>
    Workflow,
    /// <summary>A launch plan (<c>workflow_node.launchplan_ref</c>).</summary>
    LaunchPlan,
}

/// <summary>The id of an entity registered with FlyteAdmin: project, domain, name and version.</summary>
public sealed record EntityId(string Project, string Domain, string Name, string Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Project}/{Domain}/{Name}@{Version}";
}

/// <summary>
/// A node running an entity registered elsewhere — by Python flytekit, say (flytekit's <c>reference_task</c>,
/// <c>reference_workflow</c>, <c>reference_launch_plan</c>): known by its id and the interface it is declared with,
/// compiled to a node that references the id, never registered by this SDK. Locally it runs its <see cref="Stub"/>
/// (or a stub of <c>InterpreterOptions.Stubs</c> by its name); against FlyteAdmin the declared interface is checked
/// against the registered one before a run.
/// </summary>
/// <param name="Kind">Task, workflow or launch plan.</param>
/// <param name="Id">Where it is registered.</param>
/// <param name="Declared">The interface this code declares for it.</param>
public sealed record ReferenceTarget(ReferenceKind Kind, EntityId Id, TypedInterface Declared) : NodeTarget
{
    /// <summary>What runs in its place on this machine; null for nothing (a local run then fails naming the entity).</summary>
    public TaskSpec? Stub { get; init; }

    /// <inheritdoc />
    public override string Name => Id.Name;

    /// <inheritdoc />
    public override TypedInterface Interface => Declared;

    /// <summary>"task", "workflow" or "launch plan".</summary>
    public string KindName => Kind switch { ReferenceKind.Task => "task", ReferenceKind.Workflow => "workflow", _ => "launch plan" };

    /// <summary>
    /// The task a local interpreter runs for it: named like the entity (so <c>TaskStubs.Replace(name, …)</c> stubs it),
    /// running <see cref="Stub"/>, or failing with a <see cref="ReferenceStubMissingException"/> that names the entity.
    /// </summary>
    public TaskSpec LocalTask => Stub is { } stub
        ? new TaskSpec(Id.Name, Declared, (inputs, context, ct) => stub.ExecuteAsync(inputs, context, ct))
        : new TaskSpec(Id.Name, Declared, (_, _, _) => throw new ReferenceStubMissingException(this));

    /// <inheritdoc />
    public override string ToString() => $"reference {KindName} {Id}{Declared}";
}

/// <summary>A reference entity ran on this machine without a stub: it exists only on a Flyte cluster.</summary>
public sealed class ReferenceStubMissingException : Exception
{
    /// <summary>The error for <paramref name="reference"/>.</summary>
    public ReferenceStubMissingException(ReferenceTarget reference)
        : base($"Reference {reference.KindName} '{reference.Id}' has no local stub: it is registered elsewhere and runs only on a Flyte cluster. " +
               $"Give it one with WithStub(…), or stub it by name with InterpreterOptions.Stubs.Replace(\"{reference.Id.Name}\", …).") =>
        Reference = reference;

    /// <summary>The reference that has no stub.</summary>
    public ReferenceTarget Reference { get; }
}
