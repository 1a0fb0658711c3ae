using System.Reflection;

namespace Flyte.Types;

/// <summary>
/// The C# counterpart of an F# discriminated union: an <c>abstract record</c> whose cases are the <c>sealed record</c>s
/// deriving from it directly in the same assembly. Each case becomes a union variant tagged with the case's name or
/// its <see cref="FlyteTagAttribute"/>; its fields are the parameters of its primary constructor (the longest public
/// constructor), matched to public properties by name, case-insensitively. See <see cref="CaseUnionTransformer{T}"/>.
/// </summary>
public sealed class ClosedRecordHierarchyFactory : TransformerFactory
{
    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type.IsClass && type.IsAbstract && IsRecord(type) && Cases(type).Any();

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine) =>
        (ITypeTransformer)typeof(ClosedRecordHierarchyFactory).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [engine])!;

    private static CaseUnionTransformer<T> CreateTyped<T>(TypeEngine engine)
    {
        var caseTypes = Cases(typeof(T)).ToArray();
        var cases = caseTypes.Select(caseType =>
        {
            var constructor = caseType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var parameters = constructor.GetParameters();
            var properties = parameters
                .Select(p => caseType.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                    ?? throw new ArgumentException($"{caseType.Name} has no public property for constructor parameter {p.Name}."))
                .ToArray();
            var tag = caseType.GetCustomAttribute<FlyteTagAttribute>();
            return new UnionCase<T>(
                tag?.Tag ?? caseType.Name,
                tag?.Aliases ?? [],
                parameters.Select(p => new UnionCaseField(p.Name!, p.ParameterType)).ToArray(),
                value => properties.Select(p => p.GetValue(value)).ToArray(),
                values => (T)constructor.Invoke(values));
        }).ToArray();
        return new CaseUnionTransformer<T>(typeof(T).Name, cases,
            value => Array.IndexOf(caseTypes, value!.GetType()), engine);
    }

    private static IEnumerable<Type> Cases(Type type) =>
        type.Assembly.GetTypes()
            .Where(t => t.BaseType == type && t.IsSealed && IsRecord(t))
            .OrderBy(t => t.MetadataToken);

    // The C# compiler gives every record a protected copy constructor and an EqualityContract property.
    private static bool IsRecord(Type type) =>
        type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null;
}
