using System.Reflection;
using System.Runtime.CompilerServices;
using Flyte.Types;

namespace Flyte.Tasks;

/// <summary>
/// How the .NET values of a typed task line up with its literal interface: input names and types from the body's
/// parameters, outputs <c>o0</c>, <c>o1</c>… from its result (a tuple gives one output per element).
/// </summary>
internal sealed class TaskShape
{
    private TaskShape(IReadOnlyList<(string Name, Type Type)> inputs, Type resultType, IReadOnlyList<Type> outputTypes)
    {
        Inputs = inputs;
        ResultType = resultType;
        OutputTypes = outputTypes;
    }

    public IReadOnlyList<(string Name, Type Type)> Inputs { get; }
    public Type ResultType { get; }
    public IReadOnlyList<Type> OutputTypes { get; }

    /// <summary>The shape of a body whose parameters are <paramref name="parameters"/> (cancellation tokens excluded) and whose result is <paramref name="resultType"/>.</summary>
    public static TaskShape Of(IEnumerable<ParameterInfo> parameters, Type resultType)
    {
        var inputs = parameters
            .Where(p => p.ParameterType != typeof(CancellationToken))
            .Select((p, i) => (string.IsNullOrEmpty(p.Name) ? $"arg{i}" : p.Name!, p.ParameterType))
            .ToList();
        return new(inputs, resultType, ElementTypes(resultType));
    }

    /// <summary>The outputs a result type stands for: none, one, or one per tuple element.</summary>
    public static IReadOnlyList<Type> ElementTypes(Type resultType) =>
        resultType == typeof(NoOutputs) || resultType == typeof(void) ? []
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
        var inputs = Inputs.Select(i => new Variable(i.Name, TypeOf(engine, i.Type, task, $"input '{i.Name}'")));
        var outputs = OutputTypes.Select((t, i) => new Variable(TypedInterface.OutputName(i), TypeOf(engine, t, task, $"output {TypedInterface.OutputName(i)}")));
        return new(new(inputs), new(outputs));
    }

    private static LiteralType TypeOf(TypeEngine engine, Type type, string task, string what)
    {
        try { return engine.LiteralTypeOf(type); }
        catch (TypeTransformerException e)
        {
            throw new ArgumentException($"Task '{task}': {what} of .NET type {type.Name} has no Flyte type. {e.Message}", e);
        }
    }

    /// <summary>Converts .NET arguments to the input literal map.</summary>
    public async Task<LiteralMap> ToInputsAsync(object?[] args, TypeEngine engine, CancellationToken cancellationToken)
    {
        var map = ValueMap<Literal>.Empty;
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = TaskExecutionContext.Current?.Services ?? ServiceMap.Empty };
        for (var i = 0; i < Inputs.Count; i++)
        {
            var (name, type) = Inputs[i];
            try { map = map.SetItem(name, await engine.ToLiteralAsync(args[i], type, context).ConfigureAwait(false)); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return new LiteralMap(map);
    }

    /// <summary>Converts the input literal map to .NET arguments; a missing or ill-typed input names itself.</summary>
    public async Task<object?[]> FromInputsAsync(string task, LiteralMap inputs, TypeEngine engine, CancellationToken cancellationToken)
    {
        var args = new object?[Inputs.Count];
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = TaskExecutionContext.Current?.Services ?? ServiceMap.Empty };
        for (var i = 0; i < Inputs.Count; i++)
        {
            var (name, type) = Inputs[i];
            if (!inputs.Literals.TryGetValue(name, out var literal))
                throw new ArgumentException($"Task '{task}' was called without its input '{name}'.");
            try { args[i] = await engine.ToValueAsync(literal, type, context).ConfigureAwait(false); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return args;
    }

    /// <summary>Converts a body's result to the output literal map.</summary>
    public async Task<LiteralMap> ToOutputsAsync(object? result, TypeEngine engine, CancellationToken cancellationToken)
    {
        var items = Decompose(result);
        var map = ValueMap<Literal>.Empty;
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = TaskExecutionContext.Current?.Services ?? ServiceMap.Empty };
        for (var i = 0; i < OutputTypes.Count; i++)
        {
            var name = TypedInterface.OutputName(i);
            try { map = map.SetItem(name, await engine.ToLiteralAsync(items[i], OutputTypes[i], context).ConfigureAwait(false)); }
            catch (TypeTransformerException e) { throw e.AtPath(name); }
        }
        return new LiteralMap(map);
    }

    /// <summary>Converts an output literal map back to the body's result type.</summary>
    public async Task<object?> FromOutputsAsync(string source, LiteralMap outputs, TypeEngine engine, CancellationToken cancellationToken)
    {
        var items = new object?[OutputTypes.Count];
        var context = new TransformerContext(engine) { CancellationToken = cancellationToken, Services = TaskExecutionContext.Current?.Services ?? ServiceMap.Empty };
        for (var i = 0; i < OutputTypes.Count; i++)
        {
            var name = TypedInterface.OutputName(i);
            if (!outputs.Literals.TryGetValue(name, out var literal))
                throw new InvalidOperationException($"'{source}' returned no output '{name}'.");
            try { items[i] = await engine.ToValueAsync(literal, OutputTypes[i], context).ConfigureAwait(false); }
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
