using System.Text;
using Flyte.MessagePack;
using Xunit;
using static Flyte.Tests.MessagePack.Encoded;

namespace Flyte.Tests.MessagePack;

public class ReaderTests
{
    private static MessagePackReader Reader(string hex) => new(FromHex(hex));

    private delegate void ReadAction(ref MessagePackReader reader);

    /// <summary>Assert.Throws for a reader that lives on after the throw (lambdas cannot capture ref structs).</summary>
    private static MessagePackException Throws(ref MessagePackReader reader, ReadAction read)
    {
        try
        {
            read(ref reader);
        }
        catch (MessagePackException e)
        {
            return e;
        }

        throw new Xunit.Sdk.XunitException("Expected a MessagePackException.");
    }

    [Theory]
    [InlineData("05", 5L)]
    [InlineData("cc 80", 128L)]
    [InlineData("cd 00 01", 1L)] // not minimal, still accepted
    [InlineData("ce 00 00 01 00", 256L)]
    [InlineData("cf 00 00 00 00 00 00 00 07", 7L)]
    [InlineData("cf 7f ff ff ff ff ff ff ff", long.MaxValue)]
    [InlineData("ff", -1L)]
    [InlineData("e0", -32L)]
    [InlineData("d0 df", -33L)]
    [InlineData("d0 01", 1L)]
    [InlineData("d1 80 00", -32768L)]
    [InlineData("d2 80 00 00 00", -2147483648L)]
    [InlineData("d3 80 00 00 00 00 00 00 00", long.MinValue)]
    public void ReadInt64_accepts_every_integer_encoding(string hex, long expected)
    {
        var reader = Reader(hex);
        Assert.Equal(MessagePackType.Integer, reader.PeekType());
        Assert.Equal(expected, reader.ReadInt64());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("cf ff ff ff ff ff ff ff ff", ulong.MaxValue)]
    [InlineData("d3 00 00 00 00 00 00 00 09", 9UL)]
    [InlineData("d0 7f", 127UL)]
    [InlineData("7f", 127UL)]
    public void ReadUInt64_accepts_unsigned_and_non_negative_signed_encodings(string hex, ulong expected) =>
        Assert.Equal(expected, Reader(hex).ReadUInt64());

    [Fact]
    public void Uint64_max_does_not_fit_ReadInt64_and_the_reader_stays_put()
    {
        var reader = Reader("cf ff ff ff ff ff ff ff ff");
        var e = Throws(ref reader, (ref MessagePackReader r) => r.ReadInt64());
        Assert.Contains("18446744073709551615", e.Message);
        Assert.Contains("Int64", e.Message);
        Assert.Equal(0, e.Offset);
        Assert.Equal(0, reader.Position);
        Assert.Equal(ulong.MaxValue, reader.ReadUInt64());
    }

    [Fact]
    public void Negative_integers_do_not_fit_ReadUInt64_and_big_ones_not_ReadInt32()
    {
        Assert.Contains("-1", Assert.Throws<MessagePackException>(() => Reader("ff").ReadUInt64()).Message);
        Assert.Contains("Int32", Assert.Throws<MessagePackException>(() => Reader("ce 80 00 00 00").ReadInt32()).Message);
        Assert.Equal(-5, Reader("fb").ReadInt32());
    }

    [Fact]
    public void ReadDouble_accepts_float64_float32_and_integers()
    {
        Assert.Equal(1.5, Reader("cb 3f f8 00 00 00 00 00 00").ReadDouble());
        Assert.Equal(1.5, Reader("ca 3f c0 00 00").ReadDouble());
        Assert.Equal(300.0, Reader("cd 01 2c").ReadDouble());
        Assert.Equal(-1.0, Reader("ff").ReadDouble());
        Assert.Equal(18446744073709551615.0, Reader("cf ff ff ff ff ff ff ff ff").ReadDouble());
    }

    [Fact]
    public void A_float32_signalling_nan_keeps_its_bits_through_ReadSingle_and_the_tree()
    {
        var bytes = FromHex("ca 7f 80 00 01");
        Assert.Equal(0x7f800001, BitConverter.SingleToInt32Bits(new MessagePackReader(bytes).ReadSingle()));
        Assert.Equal(bytes, MessagePackValue.Decode(bytes).Encode());
        Assert.Equal(1.5f, Reader("cb 3f f8 00 00 00 00 00 00").ReadSingle());
        Assert.Equal(300f, Reader("cd 01 2c").ReadSingle());
    }

    [Fact]
    public void Asking_for_the_wrong_type_names_both_types_the_format_byte_and_the_offset()
    {
        var reader = Reader("92 a1 78 cc 80");
        Assert.Equal(2, reader.ReadArrayHeader());
        var e = Throws(ref reader, (ref MessagePackReader r) => r.ReadInt64());
        Assert.Equal("Expected an integer at offset 1 but found a string (fixstr, 0xa1).", e.Message);
        Assert.Equal(1, e.Offset);
        Assert.Equal("x", reader.ReadString());
        e = Throws(ref reader, (ref MessagePackReader r) => r.ReadString());
        Assert.Equal("Expected a string at offset 3 but found an integer (uint8, 0xcc).", e.Message);
        e = Throws(ref reader, (ref MessagePackReader r) => r.ReadMapHeader());
        Assert.Contains("Expected a map", e.Message);
        Assert.Contains("an integer", e.Message);
        Assert.Contains("a boolean", Assert.Throws<MessagePackException>(() => Reader("c0").ReadBoolean()).Message);
        Assert.Contains("a binary", Assert.Throws<MessagePackException>(() => Reader("a0").ReadBinary()).Message);
        Assert.Contains("a float", Assert.Throws<MessagePackException>(() => Reader("c3").ReadDouble()).Message);
        Assert.Contains("nil", Assert.Throws<MessagePackException>(() => Reader("c2").ReadNil()).Message);
    }

    [Fact]
    public void The_never_used_byte_is_malformed()
    {
        var e = Assert.Throws<MessagePackException>(() => Reader("c1").PeekType());
        Assert.Contains("0xc1", e.Message);
        Assert.Throws<MessagePackException>(() => MessagePackValue.Decode([0xc1]));
        Assert.Throws<MessagePackException>(() => Reader("91 c1").Skip());
    }

    [Theory]
    [InlineData("c0", MessagePackType.Nil)]
    [InlineData("c2", MessagePackType.Boolean)]
    [InlineData("c3", MessagePackType.Boolean)]
    [InlineData("00", MessagePackType.Integer)]
    [InlineData("e0", MessagePackType.Integer)]
    [InlineData("d3", MessagePackType.Integer)]
    [InlineData("ca", MessagePackType.Float)]
    [InlineData("cb", MessagePackType.Float)]
    [InlineData("a0", MessagePackType.String)]
    [InlineData("db", MessagePackType.String)]
    [InlineData("c4", MessagePackType.Binary)]
    [InlineData("c6", MessagePackType.Binary)]
    [InlineData("90", MessagePackType.Array)]
    [InlineData("dd", MessagePackType.Array)]
    [InlineData("80", MessagePackType.Map)]
    [InlineData("df", MessagePackType.Map)]
    public void PeekType_maps_format_bytes_to_kinds_without_consuming(string hex, MessagePackType type)
    {
        var reader = Reader(hex);
        Assert.Equal(type, reader.PeekType());
        Assert.Equal(0, reader.Position);
    }

    [Fact]
    public void TryReadNil_consumes_only_nil()
    {
        var reader = Reader("c0 01");
        Assert.True(reader.TryReadNil());
        Assert.False(reader.TryReadNil());
        Assert.Equal(1, reader.Position);
        Assert.Equal(1, reader.ReadInt64());
        Assert.True(reader.End);
        Throws(ref reader, (ref MessagePackReader r) => r.TryReadNil());
    }

    [Fact]
    public void Strings_and_binaries_are_views_into_the_input()
    {
        var reader = Reader("a2 68 69 d9 03 61 62 63 c4 02 01 02");
        Assert.Equal("hi"u8.ToArray(), reader.ReadStringSpan().ToArray());
        Assert.Equal("abc", reader.ReadString());
        Assert.Equal(new byte[] { 1, 2 }, reader.ReadBinary().ToArray());
        Assert.True(reader.End);
    }

    [Theory]
    [InlineData("d4 07 aa", "fixext1, 0xd4")]
    [InlineData("d8 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "fixext16, 0xd8")]
    [InlineData("c7 00 05", "ext8, 0xc7")]
    [InlineData("c9 00 00 00 00 05", "ext32, 0xc9")]
    [InlineData("d6 ff 65 93 7d 25", "fixext4, 0xd6")] // the timestamp extension is an extension like any other
    public void An_extension_is_a_MessagePackException_naming_its_offset(string hex, string format)
    {
        // Behind a map header and a key, so the offset is not 0.
        var bytes = FromHex("81 a1 78 " + hex);
        var reader = new MessagePackReader(bytes);
        Assert.Equal(1, reader.ReadMapHeader());
        Assert.Equal("x", reader.ReadString());
        var e = Throws(ref reader, (ref MessagePackReader r) => r.PeekType());
        Assert.Equal($"Expected a value at offset 3 but found an extension ({format}); Flyte's msgpack has no extension types.", e.Message);
        Assert.Equal(3, e.Offset);
        Assert.Equal(3, Throws(ref reader, (ref MessagePackReader r) => r.Skip()).Offset);
        Assert.Equal($"Expected an integer at offset 3 but found an extension ({format}).", Throws(ref reader, (ref MessagePackReader r) => r.ReadInt64()).Message);
        Assert.Equal(3, reader.Position);
        var decode = Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(bytes));
        Assert.Equal(3, decode.Offset);
        Assert.Contains("extension", decode.Message);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_for_ReadString_but_not_for_ReadStringSpan()
    {
        var e = Assert.Throws<MessagePackException>(() => Reader("a2 c3 28").ReadString());
        Assert.Contains("UTF-8", e.Message);
        Assert.Equal(new byte[] { 0xc3, 0x28 }, Reader("a2 c3 28").ReadStringSpan().ToArray());
    }

    [Fact]
    public void Skip_skips_a_whole_nested_value()
    {
        var bytes = MessagePackValue.ArrayOf(
            MessagePackValue.MapOf(("a", MessagePackValue.ArrayOf(1, 2.5, MessagePackValue.MapOf())), (7, new MessagePackValue.BinaryValue(Bytes.CopyFrom([1])))),
            "x").Encode();
        var reader = new MessagePackReader(bytes);
        Assert.Equal(2, reader.ReadArrayHeader());
        var start = reader.Position;
        reader.Skip();
        Assert.Equal("x", reader.ReadString());
        Assert.True(reader.End);

        reader = new MessagePackReader(bytes);
        reader.ReadArrayHeader();
        Assert.Equal(bytes.AsSpan(start, bytes.Length - start - 2).ToArray(), reader.ReadRaw().ToArray());
    }

    [Fact]
    public void Skip_handles_nesting_far_deeper_than_the_tree_accepts()
    {
        const int depth = 200_000;
        var bytes = new byte[depth + 1];
        bytes.AsSpan(0, depth).Fill(0x91);
        bytes[depth] = 0xc0;
        var reader = new MessagePackReader(bytes);
        reader.Skip();
        Assert.True(reader.End);

        var e = Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(bytes));
        Assert.Contains("Nesting deeper than 512", e.Message);
        Assert.Equal(512, e.Offset);
    }

    [Fact]
    public void A_count_larger_than_the_input_is_rejected_before_anyone_allocates_for_it()
    {
        var e = Assert.Throws<MessagePackException>(() => Reader("dd ff ff ff ff 01").ReadArrayHeader());
        Assert.Contains("declares 4294967295 elements", e.Message);
        Assert.Contains("declares 3 entries", Assert.Throws<MessagePackException>(() => Reader("83 01 02 03 04").ReadMapHeader()).Message);
        Assert.Contains("declares 4294967295 bytes", Assert.Throws<MessagePackException>(() => Reader("db ff ff ff ff 61").ReadString()).Message);
    }

    [Fact]
    public void Decode_rejects_trailing_bytes()
    {
        var e = Assert.Throws<MessagePackException>(() => MessagePackValue.Decode([0x01, 0x02]));
        Assert.Contains("1 bytes remain", e.Message);
        Assert.Equal(1, e.Offset);
    }

    [Fact]
    public void Truncation_at_every_prefix_of_a_message_using_every_format_is_a_MessagePackException()
    {
        var bytes = EveryFormat(with32BitLengths: false);
        Assert.Equal(bytes, MessagePackValue.Decode(bytes).Encode());
        for (var length = 0; length < bytes.Length; length++) AssertTruncated(bytes, length);
    }

    [Fact]
    public void Truncation_inside_str32_bin32_and_array32_is_a_MessagePackException()
    {
        var bytes = EveryFormat(with32BitLengths: true);
        Assert.Equal(bytes, MessagePackValue.Decode(bytes).Encode());
        // Every prefix would be quadratic in the 200 KB; headers sit at the ends of each big part, so test densely there.
        var lengths = Enumerable.Range(0, bytes.Length)
            .Where(n => n < 2048 || n > bytes.Length - 2048 || n % 997 == 0 || IsNearBigHeader(bytes, n));
        foreach (var length in lengths) AssertTruncated(bytes, length);
    }

    private static bool IsNearBigHeader(byte[] bytes, int length)
    {
        for (var i = Math.Max(0, length - 6); i <= length && i < bytes.Length; i++)
            if (bytes[i] is 0xdb or 0xc6 or 0xdd or 0xdf) return true;
        return false;
    }

    private static void AssertTruncated(byte[] bytes, int length)
    {
        var prefix = bytes.AsSpan(0, length).ToArray();
        var e = Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(prefix));
        Assert.InRange(e.Offset, 0, length);
        Assert.Throws<MessagePackException>(() => new MessagePackReader(prefix).Skip());
    }

    [Fact]
    public void Truncated_scalars_say_what_they_needed()
    {
        var e = Assert.Throws<MessagePackException>(() => Reader("cd 01").ReadInt64());
        Assert.Equal("Truncated input: an integer (uint16, 0xcd) at offset 0 needs 3 bytes but only 2 remain.", e.Message);
        e = Assert.Throws<MessagePackException>(() => Reader("").ReadInt64());
        Assert.Equal("Expected an integer at offset 0 but the input ended (0 bytes).", e.Message);
        e = Assert.Throws<MessagePackException>(() => Reader("a3 61").ReadString());
        Assert.Contains("declares 3 bytes of data but only 1 remain", e.Message);
    }

    /// <summary>One message holding every format family at least once (and several length boundaries).</summary>
    internal static byte[] EveryFormat(bool with32BitLengths) => With((ref MessagePackWriter w) =>
    {
        var big = with32BitLengths ? 70000 : 0;
        w.WriteArrayHeader(with32BitLengths ? 26 : 25);
        w.WriteNil();
        w.Write(true);
        w.Write(false);
        foreach (var i in new long[] { 5, 200, 60000, 70000, 1L << 40, -5, -100, -1000, -100000, -(1L << 40) }) w.Write(i);
        w.Write(ulong.MaxValue);
        w.Write(1.5f);
        w.Write(1.5);
        w.WriteString("fix");
        w.WriteString(new string('a', 40));
        w.WriteString(new string('b', 300));
        w.WriteString(new string('c', big));
        w.WriteBinary([1, 2]);
        w.WriteBinary(new byte[300]);
        w.WriteBinary(new byte[big]);
        w.WriteArrayHeader(16);
        for (var i = 0; i < 16; i++) w.Write(i);
        w.WriteMapHeader(16);
        for (var i = 0; i < 16; i++)
        {
            w.Write(i);
            w.WriteString("v");
        }

        if (with32BitLengths)
        {
            w.WriteArrayHeader(70000);
            for (var i = 0; i < 70000; i++) w.Write(i & 0x7f);
        }
    });
}
