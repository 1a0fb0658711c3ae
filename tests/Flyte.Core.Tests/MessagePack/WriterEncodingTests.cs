using Flyte.MessagePack;
using Xunit;
using static Flyte.Tests.MessagePack.Encoded;

namespace Flyte.Tests.MessagePack;

/// <summary>The writer picks the same (smallest) encodings as msgpack-python; every boundary byte for byte.</summary>
public class WriterEncodingTests
{
    [Theory]
    [InlineData(0L, "00")]
    [InlineData(127L, "7f")]
    [InlineData(128L, "cc 80")]
    [InlineData(255L, "cc ff")]
    [InlineData(256L, "cd 01 00")]
    [InlineData(300L, "cd 01 2c")]
    [InlineData(65535L, "cd ff ff")]
    [InlineData(65536L, "ce 00 01 00 00")]
    [InlineData(4294967295L, "ce ff ff ff ff")]
    [InlineData(4294967296L, "cf 00 00 00 01 00 00 00 00")]
    [InlineData(long.MaxValue, "cf 7f ff ff ff ff ff ff ff")]
    [InlineData(-1L, "ff")]
    [InlineData(-32L, "e0")]
    [InlineData(-33L, "d0 df")]
    [InlineData(-128L, "d0 80")]
    [InlineData(-129L, "d1 ff 7f")]
    [InlineData(-32768L, "d1 80 00")]
    [InlineData(-32769L, "d2 ff ff 7f ff")]
    [InlineData(-2147483648L, "d2 80 00 00 00")]
    [InlineData(-2147483649L, "d3 ff ff ff ff 7f ff ff ff")]
    [InlineData(long.MinValue, "d3 80 00 00 00 00 00 00 00")]
    public void Signed_integers_use_the_smallest_encoding(long value, string hex) =>
        Assert.Equal(hex, Hex((ref MessagePackWriter w) => w.Write(value)));

    [Fact]
    public void The_spec_example_minus_32_is_a_fixint_but_minus_33_needs_int8()
    {
        Assert.Equal("e0", Hex((ref MessagePackWriter w) => w.Write(-32)));
        Assert.Equal("d0 df", Hex((ref MessagePackWriter w) => w.Write(-33)));
    }

    [Theory]
    [InlineData(9223372036854775808UL, "cf 80 00 00 00 00 00 00 00")]
    [InlineData(ulong.MaxValue, "cf ff ff ff ff ff ff ff ff")]
    [InlineData(127UL, "7f")]
    [InlineData(4294967296UL, "cf 00 00 00 01 00 00 00 00")]
    public void Unsigned_integers_use_the_smallest_encoding(ulong value, string hex) =>
        Assert.Equal(hex, Hex((ref MessagePackWriter w) => w.Write(value)));

    [Fact]
    public void Two_to_the_63_is_uint64()
    {
        Assert.Equal("cf 80 00 00 00 00 00 00 00", Hex((ref MessagePackWriter w) => w.Write(1UL << 63)));
        Assert.Equal("ce 80 00 00 00", Hex((ref MessagePackWriter w) => w.Write(1UL << 31)));
    }

    [Fact]
    public void Doubles_are_always_float64_and_floats_float32()
    {
        Assert.Equal("cb 3f f8 00 00 00 00 00 00", Hex((ref MessagePackWriter w) => w.Write(1.5)));
        Assert.Equal("cb 00 00 00 00 00 00 00 00", Hex((ref MessagePackWriter w) => w.Write(0.0)));
        Assert.Equal("cb 40 56 80 00 00 00 00 00", Hex((ref MessagePackWriter w) => w.Write(90.0))); // timedelta(seconds=90)
        Assert.Equal("ca 3f c0 00 00", Hex((ref MessagePackWriter w) => w.Write(1.5f)));
    }

    [Fact]
    public void Nil_and_booleans()
    {
        Assert.Equal("c0", Hex((ref MessagePackWriter w) => w.WriteNil()));
        Assert.Equal("c3", Hex((ref MessagePackWriter w) => w.Write(true)));
        Assert.Equal("c2", Hex((ref MessagePackWriter w) => w.Write(false)));
    }

    [Theory]
    [InlineData(0, "a0")]
    [InlineData(31, "bf")]
    [InlineData(32, "d9 20")]
    [InlineData(255, "d9 ff")]
    [InlineData(256, "da 01 00")]
    [InlineData(65535, "da ff ff")]
    [InlineData(65536, "db 00 01 00 00")]
    public void String_headers_switch_at_the_spec_boundaries(int length, string header)
    {
        var text = new string('x', length);
        var bytes = With((ref MessagePackWriter w) => w.WriteString(text));
        var headerBytes = FromHex(header);
        Assert.Equal(headerBytes.Length + length, bytes.Length);
        Assert.Equal(header, ToHex(bytes.AsSpan(0, headerBytes.Length)));
        Assert.True(bytes.AsSpan(headerBytes.Length).ToArray().All(b => b == (byte)'x'));
    }

    [Fact]
    public void String_headers_count_utf8_bytes_not_chars()
    {
        // 11 "é" = 22 bytes, 16 "é" = 32 bytes: the worst-case guess (3 bytes per char) would pick str8 for both.
        Assert.Equal("b6", Hex((ref MessagePackWriter w) => w.WriteString(new string('é', 11)))[..2]);
        Assert.StartsWith("d9 20 c3 a9", Hex((ref MessagePackWriter w) => w.WriteString(new string('é', 16))));
        Assert.Equal("a4 f0 9f 98 80", Hex((ref MessagePackWriter w) => w.WriteString("😀")));
        // A long text takes the exact-count path.
        var longText = new string('€', 5000); // 15000 bytes
        var bytes = With((ref MessagePackWriter w) => w.WriteString(longText));
        Assert.Equal("da 3a 98 e2 82 ac", ToHex(bytes.AsSpan(0, 6)));
        Assert.Equal(3 + 15000, bytes.Length);
    }

    [Fact]
    public void A_lone_surrogate_cannot_be_written_as_it_cannot_be_in_python()
    {
        var e = Assert.Throws<MessagePackException>(() => With((ref MessagePackWriter w) => w.WriteString("a\ud800b")));
        Assert.Contains("surrogate", e.Message);
    }

    [Theory]
    [InlineData(0, "c4 00")]
    [InlineData(255, "c4 ff")]
    [InlineData(256, "c5 01 00")]
    [InlineData(65535, "c5 ff ff")]
    [InlineData(65536, "c6 00 01 00 00")]
    public void Binary_headers_switch_at_the_spec_boundaries(int length, string header)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var bytes = With((ref MessagePackWriter w) => w.WriteBinary(data));
        var headerLength = FromHex(header).Length;
        Assert.Equal(header, ToHex(bytes.AsSpan(0, headerLength)));
        Assert.Equal(data, bytes.AsSpan(headerLength).ToArray());
        Assert.Equal("c4 01 00", Hex((ref MessagePackWriter w) => w.WriteBinary([0]))); // b"\x00"
    }

    [Theory]
    [InlineData(0, "90", "80")]
    [InlineData(15, "9f", "8f")]
    [InlineData(16, "dc 00 10", "de 00 10")]
    [InlineData(65535, "dc ff ff", "de ff ff")]
    [InlineData(65536, "dd 00 01 00 00", "df 00 01 00 00")]
    public void Array_and_map_headers_switch_at_the_spec_boundaries(int count, string array, string map)
    {
        Assert.Equal(array, Hex((ref MessagePackWriter w) => w.WriteArrayHeader(count)));
        Assert.Equal(map, Hex((ref MessagePackWriter w) => w.WriteMapHeader(count)));
    }

    [Fact]
    public void Flytekit_examples_from_the_spec()
    {
        // DC(a=1, b="x"): str keys in declaration order.
        Assert.Equal("82 a1 61 01 a1 62 a1 78", Hex((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.WriteString("a");
            w.Write(1);
            w.WriteString("b");
            w.WriteString("x");
        }));
        // Dict[int, str]{1: "a"}: native keys.
        Assert.Equal("81 01 a1 61", ToHex(MessagePackValue.MapOf((1, "a")).Encode()));
        Assert.Equal("82 a1 61 01 a1 62 a1 78", ToHex(MessagePackValue.MapOf(("a", 1), ("b", "x")).Encode()));
        Assert.Equal("cd 01 2c", ToHex(((MessagePackValue)300).Encode()));
        Assert.Equal("ff", ToHex(((MessagePackValue)(-1)).Encode()));
        Assert.Equal("81 a1 61 c0", ToHex(MessagePackValue.MapOf(("a", MessagePackValue.Nil)).Encode()));
    }

    [Fact]
    public void Raw_bytes_are_copied_verbatim()
    {
        Assert.Equal("92 01 cd 01 2c", Hex((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteRaw([0x01, 0xcd, 0x01, 0x2c]);
        }));
        Assert.Equal("a2 68 69", Hex((ref MessagePackWriter w) => w.WriteStringUtf8("hi"u8)));
    }
}
