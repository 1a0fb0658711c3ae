using Flyte.Compatibility;
using Flyte.Tasks;
using Flyte.Types;

namespace Flyte.Workflows;

/// <summary>
/// A named launch plan over a workflow (flytekit's <c>LaunchPlan.get_or_create</c>): inputs it fixes (a caller cannot
/// change them), inputs it gives defaults to, a schedule, notifications, and the labels and annotations of its
/// executions. Immutable and compared by value; every <c>With…</c> returns a new launch plan.
/// </summary>
/// <param name="Name">The launch plan's name (its id's name on FlyteAdmin).</param>
/// <param name="Workflow">The workflow it launches.</param>
public sealed record LaunchPlanSpec(string Name, WorkflowSpec Workflow)
{
    /// <summary>Inputs bound for good: callers do not give them (<c>fixed_inputs</c>).</summary>
    public ValueMap<Literal> FixedInputs { get; init; } = ValueMap<Literal>.Empty;

    /// <summary>Inputs with a default a caller may override (<c>default_inputs</c> with a <c>default</c>).</summary>
    public ValueMap<Literal> DefaultInputs { get; init; } = ValueMap<Literal>.Empty;

    /// <summary>When FlyteAdmin starts it on its own; null for never.</summary>
    public Schedule? Schedule { get; init; }

    /// <summary>Who hears of its executions' ends.</summary>
    public ValueList<Notification> Notifications { get; init; } = ValueList<Notification>.Empty;

    /// <summary>The Kubernetes labels of its executions.</summary>
    public ValueMap<string> Labels { get; init; } = ValueMap<string>.Empty;

    /// <summary>The Kubernetes annotations of its executions.</summary>
    public ValueMap<string> Annotations { get; init; } = ValueMap<string>.Empty;

    /// <summary>A launch plan named <paramref name="name"/> over <paramref name="workflow"/>, fixing and defaulting nothing.</summary>
    public static LaunchPlanSpec Create(string name, WorkflowSpec workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A launch plan needs a name.", nameof(name));
        return new LaunchPlanSpec(name, workflow);
    }

    /// <summary>
    /// What a caller sees: the workflow's inputs it does not fix (those with defaults may be left out when it is
    /// started by name) and the workflow's outputs. A launch-plan node binds every one of these inputs.
    /// </summary>
    public TypedInterface Interface => new(new(Workflow.Interface.Inputs.Where(v => !FixedInputs.ContainsKey(v.Name))), Workflow.Interface.Outputs);

    /// <summary>Fixes input <paramref name="input"/> to <paramref name="value"/>, converted by <paramref name="engine"/> (<see cref="TypeEngine.Default"/> when null).</summary>
    public LaunchPlanSpec WithFixedInput<T>(string input, T value, TypeEngine? engine = null) => WithFixedInput(input, LiteralOf(input, value, engine));

    /// <summary>Fixes input <paramref name="input"/> to <paramref name="value"/>.</summary>
    /// <exception cref="WorkflowBuildException">No such input, a value not of its type, or the input has a default already.</exception>
    public LaunchPlanSpec WithFixedInput(string input, Literal value)
    {
        Check(input, value, "fixed");
        if (DefaultInputs.ContainsKey(input))
            throw new WorkflowBuildException($"Launch plan '{Name}': input '{input}' has a default already; an input is either fixed or defaulted.");
        return this with { FixedInputs = FixedInputs.SetItem(input, value) };
    }

    /// <summary>Gives input <paramref name="input"/> the default <paramref name="value"/>, converted by <paramref name="engine"/> (<see cref="TypeEngine.Default"/> when null).</summary>
    public LaunchPlanSpec WithDefaultInput<T>(string input, T value, TypeEngine? engine = null) => WithDefaultInput(input, LiteralOf(input, value, engine));

    /// <summary>Gives input <paramref name="input"/> the default <paramref name="value"/>.</summary>
    /// <exception cref="WorkflowBuildException">No such input, a value not of its type, or the input is fixed already.</exception>
    public LaunchPlanSpec WithDefaultInput(string input, Literal value)
    {
        Check(input, value, "default");
        if (FixedInputs.ContainsKey(input))
            throw new WorkflowBuildException($"Launch plan '{Name}': input '{input}' is fixed already; an input is either fixed or defaulted.");
        return this with { DefaultInputs = DefaultInputs.SetItem(input, value) };
    }

    /// <summary>Starts it on <paramref name="schedule"/>; its kick-off input, if any, must be a datetime input of the workflow.</summary>
    public LaunchPlanSpec WithSchedule(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.KickoffTimeInputArg is { } kickoff
            && Workflow.Interface.Input(kickoff) is not { Type.Type: TypeKind.Simple { Type: SimpleType.Datetime } })
            throw new WorkflowBuildException($"Launch plan '{Name}': the schedule's kickoff_time_input_arg '{kickoff}' is not a datetime input of workflow '{Workflow.Name}' (inputs: {Inputs()}).");
        return this with { Schedule = schedule };
    }

    /// <summary>Adds <paramref name="notification"/>.</summary>
    public LaunchPlanSpec WithNotification(Notification notification) => this with { Notifications = Notifications.Add(notification) };

    /// <summary>Sets label <paramref name="key"/> of its executions.</summary>
    public LaunchPlanSpec WithLabel(string key, string value) => this with { Labels = Labels.SetItem(key, value) };

    /// <summary>Sets annotation <paramref name="key"/> of its executions.</summary>
    public LaunchPlanSpec WithAnnotation(string key, string value) => this with { Annotations = Annotations.SetItem(key, value) };

    /// <summary>
    /// Checks what FlyteAdmin checks when it is created: a scheduled launch plan can have no required input other than
    /// its kick-off time, since nobody is there to give one.
    /// </summary>
    /// <exception cref="WorkflowBuildException">A scheduled launch plan with required inputs.</exception>
    public void Validate()
    {
        if (Schedule is null) return;
        var required = Interface.Inputs.Where(v => !DefaultInputs.ContainsKey(v.Name) && v.Name != Schedule.KickoffTimeInputArg).Select(v => v.Name).ToList();
        if (required.Count > 0)
            throw new WorkflowBuildException($"Launch plan '{Name}' has a schedule but required input(s) {string.Join(", ", required)}: fix them or give them defaults.");
    }

    /// <summary>
    /// The workflow's inputs when it is started with <paramref name="given"/>: the given ones, the defaults of those not
    /// given, and the fixed ones.
    /// </summary>
    /// <exception cref="WorkflowBuildException">A given input is fixed by the launch plan or is not an input of it.</exception>
    public LiteralMap InputsFor(LiteralMap given)
    {
        ArgumentNullException.ThrowIfNull(given);
        foreach (var name in given.Literals.Keys)
        {
            if (FixedInputs.ContainsKey(name))
                throw new WorkflowBuildException($"Launch plan '{Name}' fixes input '{name}'; it cannot be given.");
            if (Workflow.Interface.Input(name) is null)
                throw new WorkflowBuildException($"Launch plan '{Name}' has no input '{name}' (inputs: {Inputs()}).");
        }
        var all = given.Literals;
        foreach (var (name, value) in DefaultInputs)
            if (!all.ContainsKey(name)) all = all.SetItem(name, value);
        foreach (var (name, value) in FixedInputs) all = all.SetItem(name, value);
        return new LiteralMap(all);
    }

    private string Inputs() => Workflow.Interface.Inputs.Count == 0 ? "none" : string.Join(", ", Workflow.Interface.Inputs);

    private void Check(string input, Literal value, string kind)
    {
        ArgumentNullException.ThrowIfNull(value);
        var variable = Workflow.Interface.Input(input)
            ?? throw new WorkflowBuildException($"Launch plan '{Name}': workflow '{Workflow.Name}' has no input '{input}' to give a {kind} value (inputs: {Inputs()}).");
        var fits = TypeCompatibility.IsInstance(value, variable.Type);
        if (!fits.IsCompatible)
            throw new WorkflowBuildException($"Launch plan '{Name}': the {kind} value of input '{input}' is not a {variable.Type}: {fits}");
    }

    private Literal LiteralOf<T>(string input, T value, TypeEngine? engine) =>
        WorkflowDraft.LiteralNow(engine ?? TypeEngine.Default, value,
            $"Launch plan '{Name}': the value of input '{input}' converts asynchronously (it touches storage); it cannot be part of a launch plan.");

    /// <inheritdoc />
    public override string ToString() => $"launch plan {Name} of {Workflow.Name}{Interface}";
}
