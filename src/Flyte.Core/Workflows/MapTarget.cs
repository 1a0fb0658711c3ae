using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Flyte.Tasks;
using Flyte.Types.Json;
using Flyte.Types.Optionals;

namespace Flyte.Workflows;

/// <summary>How a map task runs its elements (flytekit's <c>map_task(…, concurrency=, min_successes=, min_success_ratio=)</c>).</summary>
public sealed record MapOptions
{
    /// <summary>The default: every element runs as the parallelism allows, and all must succeed.</summary>
    public static MapOptions Default { get; } = new();

    /// <summary>How many elements run at once; null: as many as the interpreter's parallelism allows.</summary>
    public int? Concurrency { get; init; }

    /// <summary>How many elements must succeed; null: see <see cref="MinSuccessRatio"/>.</summary>
    public int? MinSuccesses { get; init; }

    /// <summary>Which share of the elements must succeed (0 to 1); null with no <see cref="MinSuccesses"/>: all of them.</summary>
    public double? MinSuccessRatio { get; init; }

    /// <summary>How many of <paramref name="count"/> elements must succeed, as flytekit counts it.</summary>
    public int Required(int count) =>
        MinSuccesses ?? (MinSuccessRatio is { } ratio ? (int)Math.Ceiling(count * ratio) : count);
}

/// <summary>
/// A map task (<c>array_node</c>): <see cref="Task"/> runs once per element of its mapped inputs' lists, the bound
/// inputs (flytekit's <c>partial</c>) the same for every element; its one output becomes a list, in element order. An
/// element that failed for good (after its retries) is a none in that list, when the success rules allow the failure;
/// with a <c>min_success_ratio</c> below 1 the list is typed as flytekit types it, a list of optionals.
/// </summary>
/// <param name="Task">The task each element runs.</param>
/// <param name="BoundInputs">The inputs given whole to every element; the others are lists, one item per element.</param>
/// <param name="Options">Concurrency and success rules.</param>
public sealed record MapTarget(TaskSpec Task, ValueList<string> BoundInputs, MapOptions Options) : NodeTarget
{
    /// <summary>flytekit's name of the map task: <c>map_&lt;task&gt;_&lt;md5 of the bound inputs and options&gt;-arraynode</c>.</summary>
    public override string Name
    {
        get
        {
            static string Py(object? value) => value switch
            {
                null => "None",
                double d => PythonFormats.FloatRepr(d),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
            };
            var key = string.Join(",", BoundInputs.Order(StringComparer.Ordinal)) + Py(Options.Concurrency) + Py(Options.MinSuccesses) + Py(Options.MinSuccessRatio);
            return $"map_{Task.Name}_{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(key)))}-arraynode";
        }
    }

    /// <summary>
    /// The union variant the output's elements take when <see cref="OptionalOutputs"/>: the task's output type tagged with
    /// its transformer's name, as flytekit tags <c>Optional[T]</c>; null: the output type untagged.
    /// </summary>
    public LiteralType? OutputVariant { get; init; }

    /// <summary>
    /// Whether the output is a list of optionals, as flytekit makes it (<c>List[Optional[T]]</c>) when a
    /// <c>min_success_ratio</c> other than 1 lets elements fail.
    /// </summary>
    public bool OptionalOutputs => Options.MinSuccessRatio is { } ratio && ratio != 1 && Task.Interface.Outputs.Count == 1;

    /// <summary>The task's interface with each mapped input and the output made lists (of optionals with <see cref="OptionalOutputs"/>).</summary>
    public override TypedInterface Interface => new(
        new(Task.Interface.Inputs.Select(v => BoundInputs.Contains(v.Name) ? v : v with { Type = LiteralType.CollectionOf(v.Type) })),
        new(Task.Interface.Outputs.Select(v => v with { Type = LiteralType.CollectionOf(OptionalOutputs ? OptionalOf(v.Type) : v.Type) })));

    /// <summary>
    /// This map, checked against the builder call that made it: <paramref name="optionalCall"/> (typed as a list of
    /// optionals) only for <see cref="OptionalOutputs"/>, <paramref name="plainCall"/> (a plain list) only otherwise.
    /// </summary>
    /// <exception cref="WorkflowBuildException">The call does not type the output as the options make it.</exception>
    public MapTarget Expecting(bool optionalOutputs, string plainCall, string optionalCall) =>
        optionalOutputs == OptionalOutputs ? this : throw new WorkflowBuildException(optionalOutputs
            ? $"{optionalCall} of task '{Task.Name}' needs a min_success_ratio below 1 (its elements then may fail); use {plainCall} otherwise."
            : $"A map of task '{Task.Name}' with min_success_ratio {Options.MinSuccessRatio} has a list of optionals as its output (flytekit's List[Optional[T]]): use {optionalCall}.");

    // Optional[Optional[T]] is Optional[T] in Python: an output that is already a union with none stays as it is.
    private LiteralType OptionalOf(LiteralType type) =>
        type.Type is UnionType union && union.Variants.Any(v => v.Type is TypeKind.Simple { Type: SimpleType.None })
            ? type
            : LiteralType.UnionOf(OutputVariant ?? type, Optional.NoneVariant);

    /// <summary>
    /// A map of typed <paramref name="task"/> (see <see cref="Of(TaskSpec, IEnumerable{string}, MapOptions?)"/>), whose
    /// optional elements, when the options make them so, are tagged with the output transformer's name as flytekit tags them.
    /// </summary>
    public static MapTarget Of(FlyteTask task, IEnumerable<string> boundInputs, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var map = Of(task.Spec, boundInputs, options);
        return map.OptionalOutputs && task.Shape.OutputTypes is [var output]
            ? map with { OutputVariant = Optional.VariantOf(task.Engine.Get(output)) }
            : map;
    }

    /// <summary>A map of <paramref name="task"/>, checked: one output at most, every bound input one of the task's.</summary>
    public static MapTarget Of(TaskSpec task, IEnumerable<string> boundInputs, MapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var bound = boundInputs.ToList();
        if (task.Interface.Outputs.Count > 1)
            throw new WorkflowBuildException($"Task '{task.Name}' has {task.Interface.Outputs.Count} outputs; a map task maps tasks of one output, as in flytekit.");
        foreach (var name in bound)
            if (task.Interface.Input(name) is null)
                throw new WorkflowBuildException($"Task '{task.Name}' has no input '{name}' to bind in a map task.");
        if (bound.Count == task.Interface.Inputs.Count)
            throw new WorkflowBuildException($"A map of task '{task.Name}' binds every input; at least one must be a list to map over.");
        options ??= MapOptions.Default;
        if (options.MinSuccessRatio is < 0 or > 1)
            throw new WorkflowBuildException($"A map of task '{task.Name}': min_success_ratio is {options.MinSuccessRatio}, expected 0 to 1.");
        if (options.Concurrency is < 0 || options.MinSuccesses is < 0)
            throw new WorkflowBuildException($"A map of task '{task.Name}': concurrency and min_successes cannot be negative.");
        return new MapTarget(task, new(bound), options);
    }
}
