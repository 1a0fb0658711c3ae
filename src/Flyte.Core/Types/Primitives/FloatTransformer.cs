using System.Numerics;
using Flyte.MessagePack;

namespace Flyte.Types.Primitives;

/// <summary>
/// <c>double</c> and <c>float</c> ⇄ Flyte FLOAT (float64), flytekit's <c>float</c>. Decoding widens an integer literal,
/// as flytekit does. A finite float64 beyond float's range read as a <c>float</c> is an error; otherwise it rounds to
/// the nearest float (a float → literal → float round trip is exact).
/// </summary>
internal sealed class FloatTransformer<T>() : ScalarTransformer<T>("float", LiteralType.Of(SimpleType.Float))
    where T : struct, IFloatingPointIeee754<T>
{
    public override Literal Encode(T value) => new Primitive.FloatValue(double.CreateChecked(value));

    /// <summary>Always a float64: Python has no float32, and mashumaro writes every float as float64.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, T value, MsgPackContext context) => writer.Write(double.CreateTruncating(value));

    /// <inheritdoc />
    public override T ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => T.CreateTruncating(reader.ReadDouble());

    protected override bool TryDecode(Primitive primitive, out T value)
    {
        switch (primitive)
        {
            case Primitive.FloatValue f:
                value = T.CreateSaturating(f.Value);
                if (T.IsInfinity(value) && double.IsFinite(f.Value))
                    throw BadValue($"the float {f}", $"It overflows a .NET {typeof(T).Name}.");
                return true;
            case Primitive.Integer i:
                value = T.CreateChecked(i.Value);
                return true;
            default:
                value = default;
                return false;
        }
    }
}
