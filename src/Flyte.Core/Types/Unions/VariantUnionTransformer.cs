using Flyte.MessagePack;
using Flyte.Types.Internal;
using Flyte.Types.Nested;
using Flyte.Types.Optionals;

namespace Flyte.Types;

/// <summary>
/// flytekit's <c>Union[T1, T2, …]</c> of any types (transformer name <c>Typed Union</c>): LiteralType
/// <c>union[T1 tagged with T1's transformer name, …]</c> (<c>union[INTEGER#int, STRING#str]</c>), a value
/// <c>Union{literal, its variant's type}</c>. Reading takes the variant whose name is the union value's
/// <c>structure.tag</c>; a bare literal (propeller unwraps unions) is tried against every variant and must fit exactly
/// one, as flytekit requires. Nested in msgpack a value is its variant's own form, read by the first variant that fits
/// (mashumaro tries the variants in order).
/// </summary>
/// <typeparam name="T">The .NET union type.</typeparam>
public sealed class VariantUnionTransformer<T> : TypeTransformer<T>
{
    private readonly IReadOnlyList<ITypeTransformer> _variants;
    private readonly LiteralType[] _types;
    private readonly Func<T, (int Index, object? Value)> _split;
    private readonly Func<int, object?, T> _make;

    /// <summary>The union of <paramref name="variants"/>.</summary>
    /// <param name="variants">The variants' transformers, in declaration order.</param>
    /// <param name="split">The 0-based variant index of a value, and the variant's value.</param>
    /// <param name="make">Builds a value from a 0-based variant index and the variant's value.</param>
    public VariantUnionTransformer(IReadOnlyList<ITypeTransformer> variants, Func<T, (int Index, object? Value)> split, Func<int, object?, T> make)
    {
        _variants = variants;
        _split = split;
        _make = make;
        _types = variants.Select(Optional.VariantOf).ToArray();
        LiteralType = LiteralType.UnionOf(_types);
    }

    /// <inheritdoc />
    public override string Name => Optional.TransformerName;

    /// <inheritdoc />
    public override LiteralType LiteralType { get; }

    private (int, object?) Split(T value) =>
        value is null ? throw new TypeTransformerException(LiteralType, "null", $"A {typeof(T).Name} value is always one of its variants.") : _split(value);

    /// <inheritdoc />
    public override async ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context)
    {
        var (index, inner) = Split(value);
        var literal = await _variants[index].ToLiteralAsync(inner, context).ConfigureAwait(false);
        return new Literal(new Union(literal, _types[index]));
    }

    /// <inheritdoc />
    public override async ValueTask<T> ToValueAsync(Literal literal, TransformerContext context)
    {
        if (literal.Value is Union u)
        {
            var tag = u.Type.Structure?.Tag ?? "";
            var named = Enumerable.Range(0, _variants.Count).Where(i => _variants[i].Name == tag).ToArray();
            if (named.Length == 0)
                throw new TypeTransformerException(LiteralType, $"a union value tagged '{tag}' ({Describe.Literal(u.Value)})",
                    "No variant of this union has that tag (variants: " + string.Join(", ", _variants.Select(v => $"'{v.Name}'")) + ").");
            return await Single(u.Value, named, context).ConfigureAwait(false);
        }
        return await Single(literal, Enumerable.Range(0, _variants.Count).ToArray(), context).ConfigureAwait(false);
    }

    /// <summary>The value of the one candidate variant <paramref name="literal"/> fits; none or several is an error.</summary>
    private async ValueTask<T> Single(Literal literal, int[] candidates, TransformerContext context)
    {
        var fits = new List<(int Index, object? Value)>();
        var reasons = new List<string>();
        foreach (var i in candidates)
            try { fits.Add((i, await _variants[i].ToValueAsync(literal, context).ConfigureAwait(false))); }
            catch (TypeTransformerException e) { reasons.Add($"{_variants[i].Name}: {e.Message}"); }
        return fits.Count switch
        {
            1 => _make(fits[0].Index, fits[0].Value),
            0 => throw new TypeTransformerException(LiteralType, Describe.Literal(literal),
                "A value of one of the union's variants (" + string.Join("; ", reasons) + ")."),
            _ => throw new TypeTransformerException(LiteralType, Describe.Literal(literal),
                "A value that fits exactly one variant; it fits " + string.Join(", ", fits.Select(f => _types[f.Index].ToString())) +
                " (flytekit reports this as an ambiguous union)."),
        };
    }

    /// <summary>Nested: the value as its variant writes it nested (mashumaro writes a union member untagged).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context)
    {
        var (index, inner) = Split(value);
        _variants[index].WriteMsgPack(ref writer, inner, context);
    }

    /// <summary>Nested: the first variant, in order, that reads the value.</summary>
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var reasons = new List<string>();
        for (var i = 0; i < _variants.Count; i++)
        {
            var probe = reader;
            try
            {
                var value = _variants[i].ReadMsgPack(ref probe, context);
                reader = probe;
                return _make(i, value);
            }
            catch (Exception e) when (Mismatches.IsReadError(e)) { reasons.Add($"{_variants[i].Name}: {e.Message}"); }
        }
        throw new TypeTransformerException(LiteralType, "a msgpack value no variant reads", string.Join("; ", reasons));
    }
}
