using System.Collections.Immutable;
using System.Reflection;

namespace Flyte.Types.Dictionaries;

/// <summary>
/// The dictionary family (<c>Typed Dict</c>): <see cref="Dictionary{TKey,TValue}"/>, <see cref="IDictionary{TKey,TValue}"/>,
/// <see cref="IReadOnlyDictionary{TKey,TValue}"/>, <see cref="ImmutableDictionary{TKey,TValue}"/>,
/// <see cref="SortedDictionary{TKey,TValue}"/> and <see cref="ImmutableSortedDictionary{TKey,TValue}"/>. String keys give a
/// Flyte map (<c>map_value_type</c>); any other key type gives flytekit's msgpack STRUCT with native keys.
/// Reading an interface gives a <see cref="Dictionary{TKey,TValue}"/>.
/// </summary>
public sealed class DictionaryFamily : TransformerFactory
{
    private static readonly ImmutableHashSet<Type> Shapes =
    [
        typeof(Dictionary<,>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>), typeof(ImmutableDictionary<,>),
        typeof(SortedDictionary<,>), typeof(ImmutableSortedDictionary<,>),
    ];

    /// <inheritdoc />
    public override bool CanTransform(Type type) => type.IsGenericType && Shapes.Contains(type.GetGenericTypeDefinition());

    /// <inheritdoc />
    public override ITypeTransformer Create(Type type, TypeEngine engine)
    {
        var args = type.GetGenericArguments();
        var valueTransformer = engine.Get(args[1]);
        if (args[0] == typeof(string))
            return Invoke(nameof(MakeMap), [args[1]], type, engine.Get(typeof(string)), valueTransformer);
        return Invoke(nameof(MakeMsgPack), args, type, engine.Get(args[0]), valueTransformer);
    }

    /// <summary>A map type becomes <c>Dictionary&lt;string, guess of the value&gt;</c>.</summary>
    public override Type? GuessType(LiteralType literalType, TypeEngine engine) =>
        literalType.Type is TypeKind.MapValueType m && engine.GuessType(m.ValueType) is { } value
            ? typeof(Dictionary<,>).MakeGenericType(typeof(string), value)
            : null;

    private static ITypeTransformer Invoke(string method, Type[] typeArguments, params object[] arguments) =>
        (ITypeTransformer)typeof(DictionaryFamily).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(typeArguments).Invoke(null, arguments)!;

    private static ITypeTransformer MakeMap<TValue>(Type type, ITypeTransformer key, ITypeTransformer value)
    {
        var (k, v) = ((TypeTransformer<string>)key, (TypeTransformer<TValue>)value);
        var shape = type.GetGenericTypeDefinition();
        if (shape == typeof(Dictionary<,>)) return new MapTransformer<Dictionary<string, TValue>, TValue>(k, v, e => new(e, StringComparer.Ordinal));
        if (shape == typeof(IDictionary<,>)) return new MapTransformer<IDictionary<string, TValue>, TValue>(k, v, e => new Dictionary<string, TValue>(e, StringComparer.Ordinal));
        if (shape == typeof(IReadOnlyDictionary<,>)) return new MapTransformer<IReadOnlyDictionary<string, TValue>, TValue>(k, v, e => new Dictionary<string, TValue>(e, StringComparer.Ordinal));
        if (shape == typeof(ImmutableDictionary<,>)) return new MapTransformer<ImmutableDictionary<string, TValue>, TValue>(k, v, e => ImmutableDictionary.CreateRange(StringComparer.Ordinal, e));
        if (shape == typeof(SortedDictionary<,>)) return new MapTransformer<SortedDictionary<string, TValue>, TValue>(k, v, e => new(e.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal));
        return new MapTransformer<ImmutableSortedDictionary<string, TValue>, TValue>(k, v, e => ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, e));
    }

    private static ITypeTransformer MakeMsgPack<TKey, TValue>(Type type, ITypeTransformer key, ITypeTransformer value) where TKey : notnull
    {
        var (k, v) = ((TypeTransformer<TKey>)key, (TypeTransformer<TValue>)value);
        var shape = type.GetGenericTypeDefinition();
        if (shape == typeof(Dictionary<,>)) return new MsgPackDictionaryTransformer<Dictionary<TKey, TValue>, TKey, TValue>(k, v, e => new(e));
        if (shape == typeof(IDictionary<,>)) return new MsgPackDictionaryTransformer<IDictionary<TKey, TValue>, TKey, TValue>(k, v, e => new Dictionary<TKey, TValue>(e));
        if (shape == typeof(IReadOnlyDictionary<,>)) return new MsgPackDictionaryTransformer<IReadOnlyDictionary<TKey, TValue>, TKey, TValue>(k, v, e => new Dictionary<TKey, TValue>(e));
        if (shape == typeof(ImmutableDictionary<,>)) return new MsgPackDictionaryTransformer<ImmutableDictionary<TKey, TValue>, TKey, TValue>(k, v, e => ImmutableDictionary.CreateRange(e));
        if (shape == typeof(SortedDictionary<,>)) return new MsgPackDictionaryTransformer<SortedDictionary<TKey, TValue>, TKey, TValue>(k, v, e => new(new Dictionary<TKey, TValue>(e)));
        return new MsgPackDictionaryTransformer<ImmutableSortedDictionary<TKey, TValue>, TKey, TValue>(k, v, e => ImmutableSortedDictionary.CreateRange(e));
    }
}
