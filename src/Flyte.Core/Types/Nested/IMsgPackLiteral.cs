namespace Flyte.Types.Nested;

/// <summary>
/// A transformer whose literal is a msgpack <see cref="Binary"/> and that reads a value straight from such a binary's
/// bytes, so a collection read from protobuf bytes (<see cref="LiteralCollection"/> keeping its elements packed) is read
/// without a literal per element.
/// </summary>
internal interface IMsgPackLiteral<T>
{
    /// <summary>What <c>ToValueAsync</c> gives for <c>Binary{<paramref name="msgpack"/>, "msgpack"}</c>, errors included.</summary>
    ValueTask<T> FromMsgPackAsync(ReadOnlyMemory<byte> msgpack, TransformerContext context);
}
