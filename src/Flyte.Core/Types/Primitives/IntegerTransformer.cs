using System.Numerics;
using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Primitives;

/// <summary>
/// Every .NET integer type ⇄ Flyte INTEGER (int64), flytekit's <c>int</c>. A value that does not fit — a ulong above
/// long.MaxValue on the way in, an int64 outside the target type on the way back — is an error, never a wrap.
/// A float literal (the console sends JavaScript numbers) is accepted only when it is integral.
/// </summary>
internal sealed class IntegerTransformer<T>() : ScalarTransformer<T>("int", LiteralType.Of(SimpleType.Integer))
    where T : struct, IBinaryInteger<T>
{
    public override Literal Encode(T value)
    {
        var wide = long.CreateSaturating(value);
        if (T.CreateTruncating(wide) == value) return new Primitive.Integer(wide);
        throw BadValue($"the {typeof(T).Name} {value}", "It does not fit Flyte's INTEGER (int64).");
    }

    protected override bool TryDecode(Primitive primitive, out T value)
    {
        switch (primitive)
        {
            case Primitive.Integer i:
                value = Narrow(i.Value, primitive);
                return true;
            case Primitive.FloatValue f when double.IsInteger(f.Value) && f.Value >= -9223372036854775808.0 && f.Value < 9223372036854775808.0:
                value = Narrow((long)f.Value, primitive);
                return true;
            case Primitive.FloatValue f:
                throw BadValue($"the float {f}", "Only an integral float can be read as an integer.");
            default:
                value = default;
                return false;
        }
    }

    /// <summary>A msgpack integer (uint64 above long.MaxValue for a ulong); an integral float is accepted.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context)
    {
        if (typeof(T) == typeof(ulong)) writer.Write(ulong.CreateTruncating(value));
        else writer.Write(long.CreateTruncating(value));
    }

    /// <inheritdoc />
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        if (typeof(T) == typeof(ulong))
            return T.CreateTruncating(reader.PeekType() == MessagePackType.Float ? checked((ulong)MsgPackRead.Integer(ref reader)) : reader.ReadUInt64());
        var value = MsgPackRead.Integer(ref reader);
        if (typeof(T) == typeof(long)) return T.CreateTruncating(value);
        return T.CreateSaturating(value) is var narrow && long.CreateTruncating(narrow) == value
            ? narrow
            : throw new CodecReadException($"the integer {value} does not fit {typeof(T).Name}");
    }

    private T Narrow(long wide, Primitive found) =>
        T.CreateSaturating(wide) is var narrow && long.CreateTruncating(narrow) == wide
            ? narrow
            : throw BadValue($"the integer {found}", $"It overflows a .NET {typeof(T).Name}.");
}

/// <summary>
/// <c>BigInteger</c> ⇄ Flyte INTEGER (int64), flytekit's <c>int</c>. Python ints are unbounded but Flyte's and msgpack's
/// hold 64 bits, so a larger value is an error (inside msgpack, up to <see cref="ulong.MaxValue"/> fits, as in msgpack-python).
/// </summary>
internal sealed class BigIntegerTransformer() : ScalarTransformer<BigInteger>("int", LiteralType.Of(SimpleType.Integer))
{
    public override Literal Encode(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue
            ? new Primitive.Integer((long)value)
            : throw BadValue($"the integer {value}", "It does not fit Flyte's INTEGER (int64).");

    protected override bool TryDecode(Primitive primitive, out BigInteger value)
    {
        switch (primitive)
        {
            case Primitive.Integer i:
                value = i.Value;
                return true;
            case Primitive.FloatValue f when double.IsInteger(f.Value):
                value = new BigInteger(f.Value);
                return true;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>A msgpack integer of up to 64 bits (uint64 above long.MaxValue).</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, BigInteger value, MsgPackContext context)
    {
        if (value >= long.MinValue && value <= long.MaxValue) writer.Write((long)value);
        else if (value >= 0 && value <= ulong.MaxValue) writer.Write((ulong)value);
        else throw new TypeTransformerException("an integer that fits 64 bits", value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "msgpack integers hold at most 64 bits.");
    }

    /// <inheritdoc />
    public override BigInteger ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) =>
        MsgPackRead.IsLargeUnsigned(reader) ? reader.ReadUInt64() : MsgPackRead.Integer(ref reader);
}
