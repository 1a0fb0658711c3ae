using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Flyte;

/// <summary>
/// An immutable string-keyed map that compares and hashes by its entries (key order is irrelevant, as in a protobuf map)
/// and enumerates in ordinal key order, so printing and serializing it is deterministic.
/// </summary>
public readonly struct ValueMap<T> : IReadOnlyDictionary<string, T>, IEquatable<ValueMap<T>>
{
    private readonly ImmutableSortedDictionary<string, T>? _items;

    /// <summary>Creates a map from key/value pairs; a repeated key keeps its last value.</summary>
    public ValueMap(IEnumerable<KeyValuePair<string, T>> items)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var (key, value) in items) builder[key] = value;   // a repeated key keeps its last value, as protobuf and Python's msgpack do
        _items = builder.ToImmutable();
    }

    private ValueMap(ImmutableSortedDictionary<string, T> items) => _items = items;

    private static readonly ImmutableSortedDictionary<string, T> NoItems =
        ImmutableSortedDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The empty map.</summary>
    public static ValueMap<T> Empty => new(NoItems);

    private ImmutableSortedDictionary<string, T> Items => _items ?? NoItems;

    /// <inheritdoc />
    public T this[string key] => Items[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => Items.Keys;

    /// <inheritdoc />
    public IEnumerable<T> Values => Items.Values;

    /// <inheritdoc />
    public int Count => Items.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => Items.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out T value) => Items.TryGetValue(key, out value);

    /// <summary>A new map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public ValueMap<T> SetItem(string key, T value) => new(Items.SetItem(key, value));

    /// <inheritdoc />
    public bool Equals(ValueMap<T> other)
    {
        var (a, b) = (Items, other.Items);
        if (a.Count != b.Count) return false;
        var cmp = EqualityComparer<T>.Default;
        foreach (var (key, value) in a)
            if (!b.TryGetValue(key, out var otherValue) || !cmp.Equals(value, otherValue)) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ValueMap<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Items)
        {
            hash.Add(key);
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", Items.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, T>> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Structural equality.</summary>
    public static bool operator ==(ValueMap<T> left, ValueMap<T> right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(ValueMap<T> left, ValueMap<T> right) => !left.Equals(right);
}

/// <summary>Factory helpers for <see cref="ValueMap{T}"/>.</summary>
public static class ValueMap
{
    /// <summary>A map of the given entries.</summary>
    public static ValueMap<T> Of<T>(params (string Key, T Value)[] entries) =>
        new(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    /// <summary>Copies key/value pairs into a map.</summary>
    public static ValueMap<T> ToValueMap<T>(this IEnumerable<KeyValuePair<string, T>> entries) => new(entries);
}
