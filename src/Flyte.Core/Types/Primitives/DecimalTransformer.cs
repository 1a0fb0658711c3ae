using System.Globalization;
using Flyte.MessagePack;
using Flyte.Types.Nested;

namespace Flyte.Types.Primitives;

/// <summary>
/// <c>decimal</c> ⇄ Flyte STRING holding the invariant text (<c>"12.50"</c>), tagged <c>str</c>: exact, scale kept,
/// and what flytekit's mashumaro writes for a Python <c>Decimal</c> inside a dataclass. Decoding also accepts an
/// integer literal and a float literal (its shortest round-trip text).
/// </summary>
internal sealed class DecimalTransformer() : ScalarTransformer<decimal>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(decimal value) => new Primitive.StringValue(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Its invariant string, as mashumaro writes <c>Decimal</c>; numbers are read too.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, decimal value, MsgPackContext context) =>
        writer.WriteString(value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public override decimal ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => reader.PeekType() switch
    {
        MessagePackType.String => decimal.Parse(reader.ReadString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        MessagePackType.Integer => MsgPackRead.Integer(ref reader),
        _ => (decimal)reader.ReadDouble(),
    };

    protected override bool TryDecode(Primitive primitive, out decimal value)
    {
        var text = primitive switch
        {
            Primitive.StringValue s => s.Value,
            Primitive.Integer i => i.Value.ToString(CultureInfo.InvariantCulture),
            Primitive.FloatValue f => f.Value.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null)
        {
            value = default;
            return false;
        }
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        throw BadValue(primitive.ToString(), "It is not a decimal number in invariant notation, or it overflows decimal.");
    }
}
