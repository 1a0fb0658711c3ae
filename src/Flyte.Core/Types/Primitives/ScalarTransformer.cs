using Flyte.Types.Internal;
using Flyte.Types.Json;

namespace Flyte.Types.Primitives;

/// <summary>
/// Shared shape of the primitive transformers (flytekit's <c>SimpleTransformer</c>): a fixed literal type, synchronous
/// conversions (completed <see cref="ValueTask"/>s, so collections of primitives pay no async overhead), and decoding
/// that also accepts a msgpack <see cref="Binary"/> holding the value (attribute access on a record, reference §2.6.3).
/// </summary>
internal abstract class ScalarTransformer<T>(string name, LiteralType literalType) : TypeTransformer<T>
{
    public override string Name => name;

    public override LiteralType LiteralType => literalType;

    public sealed override ValueTask<Literal> ToLiteralAsync(T value, TransformerContext context) => new(Encode(value));

    public sealed override ValueTask<T> ToValueAsync(Literal literal, TransformerContext context) => new(Decode(literal));

    /// <summary>The literal of a value; throws <see cref="TypeTransformerException"/> when it has none.</summary>
    public abstract Literal Encode(T value);

    /// <summary>Decodes a primitive; false when its kind does not fit, an exception when its value does not.</summary>
    protected abstract bool TryDecode(Primitive primitive, out T value);

    /// <summary>Decodes a non-primitive literal (only <c>byte[]</c> needs this).</summary>
    protected virtual bool TryDecodeOther(LiteralValue literal, out T value)
    {
        value = default!;
        return false;
    }

    public T Decode(Literal literal)
    {
        var value = literal.Value;
        if (value is Binary { Tag: Binary.MessagePackTag } binary) value = MsgPackLiterals.FromBinary(binary, LiteralType).Value;
        if (value is Primitive primitive && TryDecode(primitive, out var result)) return result;
        if (TryDecodeOther(value, out result)) return result;
        throw Mismatch(value);
    }

    protected TypeTransformerException Mismatch(LiteralValue found, string? detail = null) =>
        new(LiteralType, Describe.Literal(found), detail);

    protected TypeTransformerException BadValue(string found, string detail) => new(LiteralType, found, detail);
}
