using System.Collections;
using System.Collections.Immutable;

namespace Flyte;

/// <summary>An immutable list that compares and hashes by its elements, so records holding it keep structural equality.</summary>
public readonly struct ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly ImmutableArray<T> _items;

    /// <summary>Creates a list holding <paramref name="items"/> in order.</summary>
    public ValueList(IEnumerable<T> items) => _items = items.ToImmutableArray();

    private ValueList(ImmutableArray<T> items) => _items = items;

    /// <summary>The empty list.</summary>
    public static ValueList<T> Empty => new(ImmutableArray<T>.Empty);

    /// <summary>The elements as an immutable array.</summary>
    public ImmutableArray<T> Items => _items.IsDefault ? ImmutableArray<T>.Empty : _items;

    /// <inheritdoc />
    public T this[int index] => Items[index];

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <summary>A new list with <paramref name="item"/> appended.</summary>
    public ValueList<T> Add(T item) => new(Items.Add(item));

    /// <inheritdoc />
    public bool Equals(ValueList<T> other)
    {
        var (a, b) = (Items, other.Items);
        if (a.Length != b.Length) return false;
        var cmp = EqualityComparer<T>.Default;
        for (var i = 0; i < a.Length; i++)
            if (!cmp.Equals(a[i], b[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ValueList<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", Items) + "]";

    /// <summary>Enumerates the elements without allocating.</summary>
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();

    /// <summary>Structural equality.</summary>
    public static bool operator ==(ValueList<T> left, ValueList<T> right) => left.Equals(right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(ValueList<T> left, ValueList<T> right) => !left.Equals(right);

    /// <summary>Wraps an immutable array without copying.</summary>
    public static implicit operator ValueList<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Copies an array.</summary>
    public static implicit operator ValueList<T>(T[] items) => new(items);
}

/// <summary>Factory helpers for <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    /// <summary>A list of the given items.</summary>
    public static ValueList<T> Of<T>(params T[] items) => new(items);

    /// <summary>Copies a sequence into a list.</summary>
    public static ValueList<T> ToValueList<T>(this IEnumerable<T> items) => new(items);
}
