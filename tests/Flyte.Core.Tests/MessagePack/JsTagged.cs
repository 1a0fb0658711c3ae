using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Flyte.MessagePack;

namespace Flyte.Tests.MessagePack;

/// <summary>The tagged JSON that tests/js/msgpack-check.mjs speaks (see the comment at its top).</summary>
internal static class JsTagged
{
    /// <summary>The input for <c>encode</c>.</summary>
    public static JsonNode? ForEncoding(MessagePackValue value) => value switch
    {
        MessagePackValue.NilValue => null,
        MessagePackValue.BooleanValue b => JsonValue.Create(b.Value),
        MessagePackValue.IntegerValue i => new JsonObject { ["int"] = i.ToString() },
        MessagePackValue.FloatValue f => new JsonObject { ["num"] = Bits(f.Value) },
        MessagePackValue.StringValue s => new JsonObject { ["str"] = s.Value },
        MessagePackValue.BinaryValue b => new JsonObject { ["bin"] = Convert.ToHexStringLower(b.Value.Span) },
        MessagePackValue.ArrayValue a => new JsonObject { ["arr"] = new JsonArray(a.Items.Select(ForEncoding).ToArray()) },
        MessagePackValue.MapValue m => new JsonObject
        {
            ["map"] = new JsonArray(m.Entries.Select(e => (JsonNode)new JsonArray(ForEncoding(e.Key), ForEncoding(e.Value))).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    /// <summary>
    /// What <c>decode</c> should print for our encoding of <paramref name="value"/>: the library returns int64/uint64
    /// encodings as bigint ("int") and every other number as a JS number ("num", its float64 bits), since our writer
    /// uses the 64-bit forms exactly for integers outside [-2^31, 2^32).
    /// </summary>
    public static JsonNode? AsJsDecodes(MessagePackValue value) => value switch
    {
        MessagePackValue.IntegerValue i when i.FitsInt64 && i.ToInt64() is >= int.MinValue and <= uint.MaxValue =>
            new JsonObject { ["num"] = Bits(i.ToDouble()) },
        MessagePackValue.ArrayValue a => new JsonObject { ["arr"] = new JsonArray(a.Items.Select(AsJsDecodes).ToArray()) },
        MessagePackValue.MapValue m => new JsonObject
        {
            ["map"] = new JsonArray(m.Entries.Select(e => (JsonNode)new JsonArray(AsJsDecodes(e.Key), AsJsDecodes(e.Value))).ToArray()),
        },
        _ => ForEncoding(value),
    };

    /// <summary>
    /// What @msgpack/msgpack writes for the JS value of <paramref name="value"/>: a double that is an integer in
    /// [-2^31, 2^32) (including -0.0) becomes that integer, as JavaScript has one number type; and it has a single NaN.
    /// </summary>
    public static MessagePackValue AsJsEncodes(MessagePackValue value) => value switch
    {
        MessagePackValue.FloatValue { IsSingle: false } f when double.IsNaN(f.Value) =>
            new MessagePackValue.FloatValue(BitConverter.Int64BitsToDouble(0x7ff8_0000_0000_0000)),
        MessagePackValue.FloatValue { IsSingle: false } f when double.IsInteger(f.Value) && f.Value >= int.MinValue && f.Value <= uint.MaxValue =>
            new MessagePackValue.IntegerValue((long)f.Value),
        MessagePackValue.ArrayValue a => MessagePackValue.ArrayOf(a.Items.Select(AsJsEncodes).ToArray()),
        MessagePackValue.MapValue m => MessagePackValue.MapOf(m.Entries.Select(e => (AsJsEncodes(e.Key), AsJsEncodes(e.Value))).ToArray()),
        _ => value,
    };

    private static string Bits(double d)
    {
        if (double.IsNaN(d)) return "nan";
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, d);
        return Convert.ToHexStringLower(bytes);
    }
}
