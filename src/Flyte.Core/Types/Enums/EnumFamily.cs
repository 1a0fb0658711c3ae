namespace Flyte.Types.Enums;

/// <summary>The enum family: every .NET enum through <c>DefaultEnumTransformer</c> (see <see cref="FlyteEnumValueAttribute"/> for wire values).</summary>
public sealed class EnumFamily : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) => type.IsEnum;

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        (ITypeTransformer)Activator.CreateInstance(typeof(DefaultEnumTransformer<>).MakeGenericType(type))!;

    /// <summary>An enum type becomes <c>string</c>: .NET cannot make an enum type at run time the way Python's <c>DynamicEnum</c> does.</summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) => literalType.Type is EnumType ? typeof(string) : null;
}
