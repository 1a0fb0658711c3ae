namespace Flyte.Types.Primitives;

/// <summary>
/// <c>byte[]</c> ⇄ Flyte simple type BINARY with an untagged <see cref="Binary"/> literal (name <c>bytes</c>).
/// flytekit has no such transformer (Python <c>bytes</c> travel as a pickle file), so this is a .NET-to-.NET shape; a
/// msgpack <see cref="Binary"/> holding a msgpack bin (a <c>bytes</c> field of a record) is also read. Null is an error.
/// </summary>
internal sealed class BytesTransformer() : ScalarTransformer<byte[]>("bytes", LiteralType.Of(SimpleType.Binary))
{
    public override Literal Encode(byte[] value) =>
        value is null ? throw BadValue("null", "A byte[] cannot be null; declare it byte[]? to make it optional.") : new Binary(Bytes.CopyFrom(value), "");

    protected override bool TryDecode(Primitive primitive, out byte[] value)
    {
        value = null!;
        return false;
    }

    protected override bool TryDecodeOther(LiteralValue literal, out byte[] value)
    {
        value = (literal as Binary)?.Value.ToArray()!;
        return value is not null;
    }
}
