namespace Flyte.Types;

/// <summary>
/// Makes transformers for a family of .NET types (lists, dictionaries, records, enums, …). A factory asks the engine
/// for the transformers of the types it is built from (e.g. the element type), so those are resolved and cached once.
/// </summary>
public abstract class TransformerFactory
{
    /// <summary>Whether this factory makes a transformer for <paramref name="type"/>.</summary>
    public abstract bool CanTransform(Type type);

    /// <summary>Whether this factory makes a transformer for <paramref name="type"/> in <paramref name="engine"/> (whose conventions may matter); by default <see cref="CanTransform(Type)"/>.</summary>
    public virtual bool CanTransform(Type type, TypeEngine engine) => CanTransform(type);

    /// <summary>Makes the transformer for <paramref name="type"/>; <paramref name="engine"/> resolves component types.</summary>
    public abstract ITypeTransformer Create(Type type, TypeEngine engine);

    /// <summary>
    /// Guesses a .NET type for a Flyte type this family writes, for entities known only by their interface
    /// (e.g. a Python task's outputs). Returns null when the family does not recognise the type.
    /// </summary>
    public virtual Type? GuessType(LiteralType literalType, TypeEngine engine) => null;
}

/// <summary>Names the transformer (a <see cref="TypeTransformer{T}"/> or a <see cref="TransformerFactory"/> with a public parameterless constructor) that handles the annotated type.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Interface, Inherited = false)]
public sealed class FlyteTransformerAttribute(Type transformerType) : Attribute
{
    /// <summary>The transformer or factory type.</summary>
    public Type TransformerType { get; } = transformerType;
}
