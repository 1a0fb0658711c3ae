namespace Flyte.Types;

/// <summary>One field of a <see cref="UnionCase{T}"/>: its wire name and .NET type.</summary>
/// <param name="Name">The field's name in the case payload.</param>
/// <param name="Type">The field's .NET type; the engine supplies its transformer.</param>
public sealed record UnionCaseField(string Name, Type Type);

/// <summary>
/// One case of a closed union, described by its language binding (F# reflection, or a C# sealed record): how to tell a
/// value is this case, how to take its fields apart and how to build it again.
/// </summary>
/// <typeparam name="T">The union type.</typeparam>
/// <param name="Tag">The tag written on the wire (<c>structure.tag</c> of the case's variant).</param>
/// <param name="Aliases">Other tags accepted on read (older names).</param>
/// <param name="Fields">The case's fields, in declaration order.</param>
/// <param name="FieldValues">The field values of a value of this case, in <paramref name="Fields"/> order.</param>
/// <param name="Construct">Builds a value of this case from field values in <paramref name="Fields"/> order.</param>
public sealed record UnionCase<T>(
    string Tag,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<UnionCaseField> Fields,
    Func<T, object?[]> FieldValues,
    Func<object?[], T> Construct);
