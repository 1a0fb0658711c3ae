using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace Flyte.Types.Collections;

/// <summary>
/// The collection family (<c>Typed List</c>): <c>T[]</c>, <see cref="List{T}"/>, <see cref="IList{T}"/>,
/// <see cref="ICollection{T}"/>, <see cref="IReadOnlyList{T}"/>, <see cref="IReadOnlyCollection{T}"/>,
/// <see cref="IEnumerable{T}"/>, <see cref="ImmutableArray{T}"/>, <see cref="ImmutableList{T}"/>, and the sets
/// <see cref="HashSet{T}"/>, <see cref="ISet{T}"/>, <see cref="IReadOnlySet{T}"/>, <see cref="ImmutableHashSet{T}"/>.
/// <para>
/// Only these exact shapes are recognised (never "anything enumerable"), so a record that happens to implement
/// <see cref="IEnumerable{T}"/> still goes to the record family. Reading an interface gives a <see cref="List{T}"/>
/// for the mutable ones and an <see cref="ImmutableArray{T}"/> for the read-only ones. A set is a collection whose
/// elements are written sorted when they are comparable (so equal sets give equal literals and cache keys) and in
/// enumeration order otherwise; duplicates in a literal collapse when read into a set.
/// </para>
/// </summary>
public sealed class CollectionFamily : TransformerFactory
{
    private static readonly ImmutableHashSet<Type> ListShapes =
    [
        typeof(List<>), typeof(IList<>), typeof(ICollection<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>),
        typeof(IEnumerable<>), typeof(ImmutableArray<>), typeof(ImmutableList<>),
        typeof(HashSet<>), typeof(ISet<>), typeof(IReadOnlySet<>), typeof(ImmutableHashSet<>),
    ];

    /// <inheritdoc />
    public override bool CanTransform(Type type) =>
        type.IsSZArray || (type.IsGenericType && ListShapes.Contains(type.GetGenericTypeDefinition()));

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        var element = type.IsSZArray ? type.GetElementType()! : type.GetGenericArguments()[0];
        var make = typeof(CollectionFamily).GetMethod(nameof(Make), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(element);
        return (ITypeTransformer)make.Invoke(null, [type, engine.Get(element)])!;
    }

    /// <summary>A collection type becomes <c>List&lt;guess of the element&gt;</c>.</summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) =>
        literalType.Type is TypeKind.CollectionType c && engine.GuessType(c.ElementType) is { } element
            ? typeof(List<>).MakeGenericType(element)
            : null;

    private static ITypeTransformer Make<T>(Type type, ITypeTransformer element)
    {
        var e = (TypeTransformer<T>)element;
        if (type.IsSZArray) return new CollectionTransformer<T[], T>(e, a => a, a => a);
        var shape = type.GetGenericTypeDefinition();
        if (shape == typeof(List<>)) return new CollectionTransformer<List<T>, T>(e, l => l, a => new List<T>(a));
        if (shape == typeof(IList<>)) return new CollectionTransformer<IList<T>, T>(e, AsList, a => new List<T>(a));
        if (shape == typeof(ICollection<>)) return new CollectionTransformer<ICollection<T>, T>(e, AsList, a => new List<T>(a));
        if (shape == typeof(IReadOnlyList<>)) return new CollectionTransformer<IReadOnlyList<T>, T>(e, l => l, a => ImmutableCollectionsMarshal.AsImmutableArray(a));
        if (shape == typeof(IReadOnlyCollection<>)) return new CollectionTransformer<IReadOnlyCollection<T>, T>(e, AsList, a => ImmutableCollectionsMarshal.AsImmutableArray(a));
        if (shape == typeof(IEnumerable<>)) return new CollectionTransformer<IEnumerable<T>, T>(e, AsList, a => ImmutableCollectionsMarshal.AsImmutableArray(a));
        if (shape == typeof(ImmutableArray<>))
            return new CollectionTransformer<ImmutableArray<T>, T>(e, a => a.IsDefault ? [] : a, a => ImmutableCollectionsMarshal.AsImmutableArray(a));
        if (shape == typeof(ImmutableList<>)) return new CollectionTransformer<ImmutableList<T>, T>(e, l => l, ImmutableList.Create);
        if (shape == typeof(HashSet<>)) return new CollectionTransformer<HashSet<T>, T>(e, SetItems, a => new HashSet<T>(a));
        if (shape == typeof(ISet<>)) return new CollectionTransformer<ISet<T>, T>(e, SetItems, a => new HashSet<T>(a));
        if (shape == typeof(IReadOnlySet<>)) return new CollectionTransformer<IReadOnlySet<T>, T>(e, SetItems, a => new HashSet<T>(a));
        if (shape == typeof(ImmutableHashSet<>)) return new CollectionTransformer<ImmutableHashSet<T>, T>(e, SetItems, ImmutableHashSet.Create);
        throw new ArgumentException($"{type} is not a collection shape.", nameof(type));
    }

    private static IReadOnlyList<T> AsList<T>(IEnumerable<T> items) => items as IReadOnlyList<T> ?? items.ToArray();

    private static IReadOnlyList<T> SetItems<T>(IEnumerable<T> set)
    {
        var items = set.ToArray();
        if (typeof(IComparable<T>).IsAssignableFrom(typeof(T)) || typeof(System.IComparable).IsAssignableFrom(typeof(T)))
            Array.Sort(items, Comparer<T>.Default);
        return items;
    }
}
