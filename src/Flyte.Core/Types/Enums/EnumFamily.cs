namespace Flyte.Types.Enums;

/// <summary>The enum family: every .NET enum through <c>DefaultEnumTransformer</c> (see <see cref="FlyteEnumValueAttribute"/> for wire values).</summary>
public sealed class EnumFamily : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) => type.IsEnum;

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        try
        {
            return (ITypeTransformer)Activator.CreateInstance(typeof(DefaultEnumTransformer<>).MakeGenericType(type))!;
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is ArgumentException inner)
        {
            // Surface "two members share a wire value" itself, not the reflection wrapper.
            throw new TypeTransformerException("an enum whose members have distinct wire values", type.FullName ?? type.Name, inner.Message, inner);
        }
    }

    /// <summary>
    /// An enum type becomes an enum type made at run time with the same values in the same order (flytekit's
    /// <c>DynamicEnum</c>), so that its literal type, values and union tag match the producer's.
    /// </summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) =>
        literalType.Type is EnumType { Values.Count: > 0 } e ? DynamicEnums.For(e.Values) : null;
}
