using Flyte.MessagePack;

namespace Flyte.Types.Optionals;

/// <summary>
/// Optional values as flytekit writes <c>Optional[T]</c>: LiteralType <c>union[T tagged with T's transformer name,
/// NONE tagged "none"]</c>, value <c>Union{literal, variant type}</c>, and <c>Union{Void, NONE#none}</c> for null.
/// Reading also accepts a bare <see cref="Void"/> and the bare unwrapped value, which propeller sends.
/// <para>
/// Use <see cref="Wrap"/> (or <see cref="TypeEngine.GetOptional"/>) where only a member's nullability says a reference
/// type is optional (<c>string?</c> is <c>typeof(string)</c> at run time).
/// </para>
/// </summary>
public static class Optional
{
    /// <summary>The transformer name of optionals and unions, <c>Typed Union</c>.</summary>
    public const string TransformerName = "Typed Union";

    /// <summary>The union tag of the none variant, <c>none</c>.</summary>
    public const string NoneTag = "none";

    /// <summary>The none variant: simple NONE tagged <c>none</c>.</summary>
    public static LiteralType NoneVariant { get; } = LiteralType.Of(SimpleType.None).WithTag(NoneTag);

    /// <summary>The literal of an absent value: <c>Union{Void, NONE#none}</c>.</summary>
    public static Literal NoneLiteral { get; } = new(new Union(new Literal(Void.Instance), NoneVariant));

    /// <summary>
    /// Whether <paramref name="literal"/> is an absent value in one of the forms that reach an optional input: a bare
    /// <see cref="Void"/>, <c>Union{Void, …}</c> tagged <c>none</c> (or untagged), or the msgpack <c>nil</c> binary
    /// (<c>0xc0</c>) propeller hands over when it resolves a <c>None</c> field of a record (flytekit's none transformer
    /// reads it as None).
    /// </summary>
    public static bool IsNone(Literal literal) => literal.Value switch
    {
        Void => true,
        Binary { Tag: Binary.MessagePackTag } b => b.Value.Span is [MessagePackCode.Nil],
        Union { Value.Value: Void } u => u.Type.Structure?.Tag is null or "" or NoneTag,
        _ => false,
    };

    /// <summary>The union type of <paramref name="inner"/> made optional.</summary>
    public static LiteralType LiteralTypeOf(ITypeTransformer inner) => LiteralType.UnionOf(VariantOf(inner), NoneVariant);

    /// <summary>The literal type of <paramref name="inner"/> as a union variant: its own type tagged with its name.</summary>
    public static LiteralType VariantOf(ITypeTransformer inner) => inner.LiteralType.WithTag(inner.Name);

    /// <summary>Whether <paramref name="transformer"/> already accepts null as an optional (so wrapping it again is a no-op).</summary>
    public static bool IsOptional(ITypeTransformer transformer) => transformer is IOptionalTransformer;

    /// <summary>
    /// <paramref name="inner"/> made optional: for a value type <c>T</c> a transformer of <c>T?</c>
    /// (<see cref="Nullable{T}"/>); for a reference type a transformer of the same type that also accepts null.
    /// An optional transformer is returned as it is; so is a transformer of a <see cref="Nullable{T}"/> type.
    /// </summary>
    public static ITypeTransformer Wrap(ITypeTransformer inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (IsOptional(inner) || Nullable.GetUnderlyingType(inner.ClrType) is not null) return inner;
        var generic = inner.ClrType.IsValueType ? typeof(NullableTransformer<>) : typeof(OptionalReferenceTransformer<>);
        return (ITypeTransformer)Activator.CreateInstance(generic.MakeGenericType(inner.ClrType), inner)!;
    }

    /// <summary>A transformer of <c>T?</c> built on <paramref name="inner"/>.</summary>
    public static TypeTransformer<T?> Wrap<T>(TypeTransformer<T> inner) where T : struct => new NullableTransformer<T>(inner);

    /// <summary>A transformer of a reference type that also accepts null, built on <paramref name="inner"/>.</summary>
    public static TypeTransformer<T> WrapReference<T>(TypeTransformer<T> inner) where T : class =>
        IsOptional(inner) ? inner : new OptionalReferenceTransformer<T>(inner);
}

/// <summary>Marks the optional transformers, so they are not wrapped twice.</summary>
internal interface IOptionalTransformer
{
    ITypeTransformer Inner { get; }
}
