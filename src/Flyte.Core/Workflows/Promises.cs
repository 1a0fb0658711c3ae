using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Flyte.Workflows;

/// <summary>A value a workflow will have when it runs: its binding and its Flyte type.</summary>
public interface IPromise
{
    /// <summary>How an input is bound to this value.</summary>
    BindingData Data { get; }

    /// <summary>The Flyte type of the value.</summary>
    LiteralType Type { get; }
}

/// <summary>
/// A typed promise: wiring a <c>Promise&lt;string&gt;</c> into an <c>int</c> input does not compile. It is an output
/// of a node, a workflow input, a constant, or a collection of those.
/// </summary>
/// <typeparam name="T">The .NET type of the value.</typeparam>
/// <param name="Data">How an input is bound to this value.</param>
/// <param name="Type">The Flyte type of the value.</param>
public sealed record Promise<T>(BindingData Data, LiteralType Type) : IPromise
{
    /// <summary>
    /// The field <paramref name="name"/> of this record value, typed from the record's
    /// <c>structure.dataclass_type</c>; resolved when the workflow runs (<c>summary.average</c>).
    /// </summary>
    /// <exception cref="WorkflowBuildException">The type has no such field.</exception>
    public Promise<TField> Field<TField>(string name) => Walk<TField>(new PromiseAttribute.Key(name));

    /// <summary>
    /// The field selected by <paramref name="member"/> (<c>s =&gt; s.Average</c>), named on the wire as the record
    /// transformer of <paramref name="engine"/> names it: <c>[FlyteField]</c>, then <c>[JsonPropertyName]</c>, then the
    /// engine's naming policy.
    /// </summary>
    public Promise<TField> Field<TField>(Expression<Func<T, TField>> member, Types.TypeEngine engine)
    {
        if (member.Body is not MemberExpression { Member: var m })
            throw new ArgumentException("Select a field or property, e.g. s => s.Average.", nameof(member));
        var name = m.GetCustomAttribute<Types.Records.FlyteFieldAttribute>()?.Name
            ?? ConstructorParameter(m)?.GetCustomAttribute<Types.Records.FlyteFieldAttribute>()?.Name
            ?? m.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name
            ?? engine.Options.NamingPolicy?.ConvertName(m.Name)
            ?? m.Name;
        return Field<TField>(name);
    }

    // A positional record's attributes sit on its constructor parameters.
    private static ParameterInfo? ConstructorParameter(MemberInfo member) =>
        member.DeclaringType?.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, member.Name, StringComparison.Ordinal));

    /// <summary>The element at <paramref name="index"/> of this list value.</summary>
    public Promise<TElement> At<TElement>(int index) => Walk<TElement>(new PromiseAttribute.Index(index));

    private Promise<TNext> Walk<TNext>(PromiseAttribute attribute)
    {
        if (Data is not BindingData.Reference reference)
            throw new WorkflowBuildException($"Attribute access {attribute} is only possible on an output or input, not on {Data}.");
        return new(new BindingData.Reference(reference.Promise.Then(attribute)), AttributeType(Type, attribute));
    }

    private static LiteralType AttributeType(LiteralType type, PromiseAttribute attribute) => attribute switch
    {
        PromiseAttribute.Key key when type.Structure is { } s && s.DataclassType.TryGetValue(key.Name, out var field) => field,
        PromiseAttribute.Key when type.Type is TypeKind.MapValueType map => map.ValueType,
        PromiseAttribute.Index when type.Type is TypeKind.CollectionType list => list.ElementType,
        PromiseAttribute.Key key => throw new WorkflowBuildException(
            $"Type {type} has no field '{key.Name}'" + (type.Structure is { DataclassType.Count: > 0 } st
                ? $" (its fields: {string.Join(", ", st.DataclassType.Keys)})." : " (it declares no fields in structure.dataclass_type).")),
        _ => throw new WorkflowBuildException($"Type {type} is not a list; {attribute} does not apply."),
    };

    /// <inheritdoc />
    public override string ToString() => $"{Data}: {Type}";
}

/// <summary>Helpers over promises.</summary>
public static class Promises
{
    /// <summary>
    /// The promises a builder result stands for, in order: a single promise, a tuple of promises (C# value tuple or F#
    /// tuple), or nothing (null, <see cref="Tasks.NoOutputs"/> or a promise of it, F# unit).
    /// </summary>
    public static IReadOnlyList<IPromise> Flatten(object? value) => value switch
    {
        null or Tasks.NoOutputs or Promise<Tasks.NoOutputs> => [],
        IPromise p => [p],
        ITuple t => Enumerable.Range(0, t.Length).SelectMany(i => Flatten(t[i])).ToList(),
        _ => throw new WorkflowBuildException($"A workflow returns promises or tuples of promises, not {value.GetType().Name}."),
    };

    /// <summary>The promise of a list whose elements are the given promises.</summary>
    public static Promise<IReadOnlyList<T>> List<T>(LiteralType elementType, params Promise<T>[] items) =>
        new(new BindingData.Collection(new(items.Select(i => i.Data))), LiteralType.CollectionOf(elementType));
}

/// <summary>A workflow that cannot be built: a type that does not flow, an unknown input, a bad attribute path.</summary>
public sealed class WorkflowBuildException : Exception
{
    /// <summary>Creates the error.</summary>
    public WorkflowBuildException(string message, Exception? inner = null) : base(message, inner) { }
}
