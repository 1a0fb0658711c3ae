using System.Reflection;
using System.Runtime.CompilerServices;
using Flyte.Types;
using Flyte.Types.Fallback;

namespace Flyte.Tasks;

/// <summary>
/// How the .NET values of a typed task line up with its literal interface: input names and types from the body's
/// parameters, outputs <c>o0</c>, <c>o1</c>… from its result (a tuple gives one output per element).
/// </summary>
internal sealed class TaskShape
{
    private TaskShape(IReadOnlyList<(string Name, Type Type)> inputs, IReadOnlyList<ICustomAttributeProvider?> inputAttributes,
        Type resultType, IReadOnlyList<Type> outputTypes, ICustomAttributeProvider? resultAttributes)
    {
        Inputs = inputs;
        InputAttributes = inputAttributes;
        ResultType = resultType;
        OutputTypes = outputTypes;
        ResultAttributes = resultAttributes;
    }

    public IReadOnlyList<(string Name, Type Type)> Inputs { get; }
    public Type ResultType { get; }
    public IReadOnlyList<Type> OutputTypes { get; }

    // Attributes of each input parameter and of the return value ([BatchSize]); they pick the transformer with GetFor.
    private IReadOnlyList<ICustomAttributeProvider?> InputAttributes { get; }
    private ICustomAttributeProvider? ResultAttributes { get; }

    private ITypeTransformer InputTransformer(TypeEngine engine, int i) => Resolved(engine).Inputs[i];

    private ITypeTransformer OutputTransformer(TypeEngine engine, int i) => Resolved(engine).Outputs[i];

    // Reading attributes is reflection: resolve once per engine (a task almost always sees one) and reuse.
    private sealed record Transformers(TypeEngine Engine, ITypeTransformer[] Inputs, ITypeTransformer[] Outputs);

    private Transformers? _resolved;

    private Transformers Resolved(TypeEngine engine)
    {
        if (Volatile.Read(ref _resolved) is { } known && ReferenceEquals(known.Engine, engine)) return known;
        var inputs = Inputs.Select((input, i) => engine.GetFor(input.Type, InputAttributes[i])).ToArray();
        // The return value's attributes describe the whole result, so they apply only when the result is a single output.
        var resultAttributes = OutputTypes.Count == 1 && OutputTypes[0] == ResultType ? ResultAttributes : null;
        var outputs = OutputTypes.Select(t => engine.GetFor(t, resultAttributes)).ToArray();
        var resolved = new Transformers(engine, inputs, outputs);
        Volatile.Write(ref _resolved, resolved);
        return resolved;
    }

    /// <summary>The shape of a body whose parameters are <paramref name="parameters"/> (cancellation tokens excluded) and whose result is <paramref name="resultType"/>;
    /// <paramref name="resultAttributes"/>, when given, is where the result's attributes are read (a method's <c>ReturnParameter</c>).</summary>
    public static TaskShape Of(IEnumerable<ParameterInfo> parameters, Type resultType, TypeEngine engine, ICustomAttributeProvider? resultAttributes = null)
    {
        var kept = parameters.Where(p => p.ParameterType != typeof(CancellationToken)).ToList();
        var inputs = kept.Select((p, i) => (string.IsNullOrEmpty(p.Name) ? $"arg{i}" : p.Name!, p.ParameterType)).ToList();
        return new(inputs, kept.Select(p => (ICustomAttributeProvider?)p).ToList(), resultType, ElementTypes(resultType, engine), resultAttributes);
    }

    /// <summary>The outputs a result type stands for: none (see <see cref="TypeEngine.IsNoValue"/>), one, or one per tuple element.</summary>
    public static IReadOnlyList<Type> ElementTypes(Type resultType, TypeEngine engine) =>
        engine.IsNoValue(resultType) ? []
        : IsTuple(resultType) ? resultType.GetGenericArguments()
        : [resultType];

    private static bool IsTuple(Type type)
    {
        if (!type.IsGenericType || type.GetGenericArguments().Length >= 8) return false;
        var definition = type.GetGenericTypeDefinition();
        return definition.Namespace == "System"
            && (definition.Name.StartsWith("ValueTuple`", StringComparison.Ordinal) || definition.Name.StartsWith("Tuple`", StringComparison.Ordinal));
    }

    public TypedInterface Interface(string task, TypeEngine engine)
    {
        var inputs = Inputs.Select((input, i) => new Variable(input.Name, TypeOf(() => engine.GetFor(input.Type, InputAttributes[i]), input.Type, task, $"input '{input.Name}'")));
        var outputs = OutputTypes.Select((t, i) => new Variable(TypedInterface.OutputName(i), TypeOf(() => engine.GetFor(t, OutputTypes.Count == 1 && OutputTypes[0] == ResultType ? ResultAttributes : null), t, task, $"output {TypedInterface.OutputName(i)}")));
        return new(new(inputs), new(outputs));
    }

    private static LiteralType TypeOf(Func<ITypeTransformer> transformer, Type type, string task, string what)
    {
        try { return transformer().LiteralType; }
        catch (TypeTransformerException e)
        {
            throw new ArgumentException($"Task '{task}': {what} of .NET type {type.Name} has no Flyte type. {e.Message}", e);
        }
    }

    /// <summary>Converts .NET arguments to the input literal map.</summary>
    public async Task<LiteralMap> ToInputsAsync(object?[] args, TypeEngine engine, CancellationToken cancellationToken, ServiceMap? services = null)
    {
        var map = ValueMap<Literal>.Empty;
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = services ?? ServiceMap.Empty };
        for (var i = 0; i < Inputs.Count; i++)
        {
            var (name, type) = Inputs[i];
            try { map = map.SetItem(name, await InputTransformer(engine, i).ToLiteralAsync(args[i], context).ConfigureAwait(false)); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return new LiteralMap(map);
    }

    /// <summary>Converts the input literal map to .NET arguments; a missing or ill-typed input names itself.</summary>
    public async Task<object?[]> FromInputsAsync(string task, LiteralMap inputs, TypeEngine engine, CancellationToken cancellationToken, ServiceMap? services = null)
    {
        var args = new object?[Inputs.Count];
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = services ?? ServiceMap.Empty };
        for (var i = 0; i < Inputs.Count; i++)
        {
            var (name, type) = Inputs[i];
            if (!inputs.Literals.TryGetValue(name, out var literal))
                throw new ArgumentException($"Task '{task}' was called without its input '{name}'.");
            try { args[i] = await InputTransformer(engine, i).ToValueAsync(literal, context).ConfigureAwait(false); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return args;
    }

    /// <summary>Converts a body's result to the output literal map.</summary>
    public async Task<LiteralMap> ToOutputsAsync(object? result, TypeEngine engine, CancellationToken cancellationToken, ServiceMap? services = null)
    {
        var items = Decompose(result);
        var map = ValueMap<Literal>.Empty;
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = services ?? ServiceMap.Empty };
        for (var i = 0; i < OutputTypes.Count; i++)
        {
            var name = TypedInterface.OutputName(i);
            try { map = map.SetItem(name, await OutputTransformer(engine, i).ToLiteralAsync(items[i], context).ConfigureAwait(false)); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return new LiteralMap(map);
    }

    /// <summary>Converts an output literal map back to the body's result type.</summary>
    public async Task<object?> FromOutputsAsync(string source, LiteralMap outputs, TypeEngine engine, CancellationToken cancellationToken, ServiceMap? services = null)
    {
        var items = new object?[OutputTypes.Count];
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = services ?? ServiceMap.Empty };
        for (var i = 0; i < OutputTypes.Count; i++)
        {
            var name = TypedInterface.OutputName(i);
            if (!outputs.Literals.TryGetValue(name, out var literal))
                throw new InvalidOperationException($"'{source}' returned no output '{name}'.");
            try { items[i] = await OutputTransformer(engine, i).ToValueAsync(literal, context).ConfigureAwait(false); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return Compose(items);
    }

    private object?[] Decompose(object? result) =>
        OutputTypes.Count == 0 ? []
        : OutputTypes.Count == 1 && OutputTypes[0] == ResultType ? [result]
        : result is ITuple tuple ? Enumerable.Range(0, tuple.Length).Select(i => tuple[i]).ToArray()
        : throw new InvalidOperationException($"Expected a tuple of {OutputTypes.Count} outputs, found {result?.GetType().Name ?? "null"}.");

    private object? Compose(object?[] items) =>
        OutputTypes.Count == 0 ? ResultType == typeof(NoOutputs) ? new NoOutputs() : null
        : OutputTypes.Count == 1 && OutputTypes[0] == ResultType ? items[0]
        : Activator.CreateInstance(ResultType, items);
}
