namespace Flyte.Types;

/// <summary>
/// <see cref="Union{T1, T2}"/> and <see cref="Union{T1, T2, T3}"/> as flytekit's <c>Union[…]</c>; see
/// <see cref="VariantUnionTransformer{T}"/>. Unions of records keep their own form (<see cref="ClosedRecordHierarchyFactory"/>).
/// </summary>
public sealed class VariantUnionFamily : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Union<,>) || type.GetGenericTypeDefinition() == typeof(Union<,,>));

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        var arguments = type.GetGenericArguments();
        var make = type.GetMethods().Where(m => m.IsStatic && m.Name.StartsWith("Of", StringComparison.Ordinal)).OrderBy(m => m.Name).ToArray();
        return (ITypeTransformer)typeof(VariantUnionFamily).GetMethod(nameof(CreateTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [arguments.Select(engine.Get).ToArray(), make])!;
    }

    private static VariantUnionTransformer<T> CreateTyped<T>(ITypeTransformer[] variants, System.Reflection.MethodInfo[] make) =>
        new(variants,
            value => (((IUnionValue)value!).Case - 1, ((IUnionValue)value!).Value),
            (index, value) => (T)make[index].Invoke(null, [value])!);
}
