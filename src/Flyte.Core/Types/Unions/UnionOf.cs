namespace Flyte;

/// <summary>
/// A value of one of two types, flytekit's <c>Union[T1, T2]</c> (e.g. <c>Union&lt;long, string&gt;</c> is
/// <c>Union[int, str]</c>): written as a Flyte union whose variants are tagged with their transformers' names.
/// A value converts implicitly from either case; <see cref="Match{TResult}"/> takes it apart.
/// </summary>
public sealed class Union<T1, T2> : IEquatable<Union<T1, T2>>, IUnionValue
{
    private Union(int @case, object? value) => (Case, Value) = (@case, value);

    /// <summary>Which case holds: 1 for <typeparamref name="T1"/>, 2 for <typeparamref name="T2"/>.</summary>
    public int Case { get; }

    /// <summary>The value of the case that holds.</summary>
    public object? Value { get; }

    /// <summary>A value of the first case.</summary>
    public static Union<T1, T2> Of1(T1 value) => new(1, value);

    /// <summary>A value of the second case.</summary>
    public static Union<T1, T2> Of2(T2 value) => new(2, value);

    /// <summary>The first case.</summary>
    public static implicit operator Union<T1, T2>(T1 value) => Of1(value);

    /// <summary>The second case.</summary>
    public static implicit operator Union<T1, T2>(T2 value) => Of2(value);

    /// <summary>The result of the function for the case that holds.</summary>
    public TResult Match<TResult>(Func<T1, TResult> first, Func<T2, TResult> second) =>
        Case == 1 ? first((T1)Value!) : second((T2)Value!);

    /// <inheritdoc />
    public bool Equals(Union<T1, T2>? other) => other is not null && Case == other.Case && Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Union<T1, T2>);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Case, Value);

    /// <inheritdoc />
    public override string ToString() => $"Case{Case}({Value})";
}

/// <summary>A value of one of three types, flytekit's <c>Union[T1, T2, T3]</c>; see <see cref="Union{T1, T2}"/>.</summary>
public sealed class Union<T1, T2, T3> : IEquatable<Union<T1, T2, T3>>, IUnionValue
{
    private Union(int @case, object? value) => (Case, Value) = (@case, value);

    /// <summary>Which case holds: 1, 2 or 3.</summary>
    public int Case { get; }

    /// <summary>The value of the case that holds.</summary>
    public object? Value { get; }

    /// <summary>A value of the first case.</summary>
    public static Union<T1, T2, T3> Of1(T1 value) => new(1, value);

    /// <summary>A value of the second case.</summary>
    public static Union<T1, T2, T3> Of2(T2 value) => new(2, value);

    /// <summary>A value of the third case.</summary>
    public static Union<T1, T2, T3> Of3(T3 value) => new(3, value);

    /// <summary>The first case.</summary>
    public static implicit operator Union<T1, T2, T3>(T1 value) => Of1(value);

    /// <summary>The second case.</summary>
    public static implicit operator Union<T1, T2, T3>(T2 value) => Of2(value);

    /// <summary>The third case.</summary>
    public static implicit operator Union<T1, T2, T3>(T3 value) => Of3(value);

    /// <summary>The result of the function for the case that holds.</summary>
    public TResult Match<TResult>(Func<T1, TResult> first, Func<T2, TResult> second, Func<T3, TResult> third) => Case switch
    {
        1 => first((T1)Value!),
        2 => second((T2)Value!),
        _ => third((T3)Value!),
    };

    /// <inheritdoc />
    public bool Equals(Union<T1, T2, T3>? other) => other is not null && Case == other.Case && Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Union<T1, T2, T3>);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Case, Value);

    /// <inheritdoc />
    public override string ToString() => $"Case{Case}({Value})";
}

/// <summary>The case (1-based) and value of a <see cref="Union{T1, T2}"/> or <see cref="Union{T1, T2, T3}"/>.</summary>
internal interface IUnionValue
{
    int Case { get; }

    object? Value { get; }
}
