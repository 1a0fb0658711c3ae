namespace Flyte.Types.Nested;

/// <summary>
/// A transformer whose literal is a msgpack <see cref="Binary"/>: <c>ToLiteralAsync</c> refuses null and is otherwise
/// <see cref="MsgPackBinary.ToLiteralAsync{T}"/>, and it reads a value straight from such a binary's bytes. So a list of
/// them is written and read packed (<see cref="PackedBinaries"/>), without a literal per element.
/// </summary>
internal interface IMsgPackLiteral<T>
{
    /// <summary>What <c>ToValueAsync</c> gives for <c>Binary{<paramref name="msgpack"/>, "msgpack"}</c>, errors included.</summary>
    ValueTask<T> FromMsgPackAsync(ReadOnlyMemory<byte> msgpack, TransformerContext context);
}
