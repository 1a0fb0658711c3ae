using Flyte.MessagePack;
using Flyte.Types.Nested;

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

    /// <summary>A msgpack bin; nil for null. Text is read as its UTF-8 bytes (pydantic writes bytes as text).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, byte[] value, MsgPackContext context)
    {
        if (value is null) writer.WriteNil();
        else writer.WriteBinary(value);
    }

    /// <inheritdoc />
    public override byte[] ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => reader.TryReadNil() ? null! : reader.PeekType() switch
    {
        MessagePackType.Binary => reader.ReadBinary().ToArray(),
        MessagePackType.String => System.Text.Encoding.UTF8.GetBytes(reader.ReadString()),
        _ => throw new CodecReadException($"expected bytes, found {MsgPackRead.Describe(ref reader)}"),
    };

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
