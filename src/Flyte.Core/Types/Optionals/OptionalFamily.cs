namespace Flyte.Types.Optionals;

/// <summary>The optional family: <see cref="Nullable{T}"/> of any type the engine handles, as a <c>Typed Union</c> with none.</summary>
public sealed class OptionalFamily : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) => Nullable.GetUnderlyingType(type) is not null;

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        Optional.Wrap(engine.Get(Nullable.GetUnderlyingType(type) ?? throw new ArgumentException($"{type} is not Nullable<T>.", nameof(type))));

    /// <summary>
    /// A union of one variant and none becomes <c>T?</c> for a value type and <c>T</c> itself for a reference type
    /// (whose nullability .NET does not carry in the type).
    /// </summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine)
    {
        if (literalType.Type is not UnionType { Variants.Count: 2 } union) return null;
        var some = union.Variants.Where(v => v.Type is not TypeKind.Simple { Type: SimpleType.None }).ToArray();
        if (some.Length != 1) return null;
        var guess = engine.GuessType(some[0] with { Structure = null });
        if (guess is null) return null;
        return guess.IsValueType && Nullable.GetUnderlyingType(guess) is null ? typeof(Nullable<>).MakeGenericType(guess) : guess;
    }
}
