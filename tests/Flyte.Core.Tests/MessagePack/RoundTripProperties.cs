using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Flyte.MessagePack;
using Xunit;
using static Flyte.Testing.Properties;
using static Flyte.Tests.MessagePack.Encoded;

namespace Flyte.Tests.MessagePack;

/// <summary>Round-trip laws, each checked with <see cref="DefaultMaxTest"/> (200) generated cases.</summary>
public class RoundTripProperties
{
    /// <summary>The smallest encoding size, computed from the spec's ranges rather than from the writer.</summary>
    private static int MinimalSize(long v) => v switch
    {
        >= -32 and <= 127 => 1,
        >= sbyte.MinValue and <= byte.MaxValue => 2,
        >= short.MinValue and <= ushort.MaxValue => 3,
        >= int.MinValue and <= uint.MaxValue => 5,
        _ => 9,
    };

    [Fact]
    public void Signed_integers_round_trip_in_their_smallest_encoding() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.Int64), (long v) =>
        {
            var bytes = With((ref MessagePackWriter w) => w.Write(v));
            Assert.Equal(MinimalSize(v), bytes.Length);
            // Non-negative values use the unsigned family, as msgpack-python does.
            if (v >= 0) Assert.True(bytes[0] <= 0x7f || bytes[0] is >= 0xcc and <= 0xcf);
            var reader = new MessagePackReader(bytes);
            Assert.Equal(v, reader.ReadInt64());
            Assert.True(reader.End);
            Assert.Equal(new MessagePackValue.IntegerValue(v), MessagePackValue.Decode(bytes));
        }));

    [Fact]
    public void Unsigned_integers_round_trip_and_equal_their_signed_twins() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.UInt64), (ulong v) =>
        {
            var bytes = With((ref MessagePackWriter w) => w.Write(v));
            Assert.Equal(v, new MessagePackReader(bytes).ReadUInt64());
            if (v <= long.MaxValue)
            {
                Assert.Equal(bytes, With((ref MessagePackWriter w) => w.Write((long)v)));
                Assert.Equal<MessagePackValue>(new MessagePackValue.IntegerValue((long)v), new MessagePackValue.IntegerValue(v));
            }
            else
            {
                Assert.Equal(9, bytes.Length);
                Assert.Throws<MessagePackException>(() => new MessagePackReader(bytes).ReadInt64());
            }
        }));

    [Fact]
    public void Doubles_round_trip_bit_for_bit_as_float64() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.Double), (double v) =>
        {
            var bytes = With((ref MessagePackWriter w) => w.Write(v));
            Assert.Equal(9, bytes.Length);
            Assert.Equal(0xcb, bytes[0]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(v), BitConverter.DoubleToInt64Bits(new MessagePackReader(bytes).ReadDouble()));
        }));

    [Fact]
    public void Floats_round_trip_bit_for_bit_as_float32() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.Single), (float v) =>
        {
            var bytes = With((ref MessagePackWriter w) => w.Write(v));
            Assert.Equal(5, bytes.Length);
            var read = (float)new MessagePackReader(bytes).ReadDouble();
            // Widening to double and back keeps every float, NaN payloads aside (the quiet bit may be set).
            if (float.IsNaN(v)) Assert.True(float.IsNaN(read));
            else Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(read));
            Assert.Equal(BitConverter.SingleToInt32Bits(v), BitConverter.SingleToInt32Bits(new MessagePackReader(bytes).ReadSingle()));
            Assert.Equal(bytes, MessagePackValue.Decode(bytes).Encode());
        }));

    [Fact]
    public void Strings_round_trip_with_a_minimal_header_and_plain_utf8() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.Text), (string s) =>
        {
            var bytes = With((ref MessagePackWriter w) => w.WriteString(s));
            var utf8 = Encoding.UTF8.GetBytes(s);
            var header = utf8.Length switch { <= 31 => 1, <= 255 => 2, <= 65535 => 3, _ => 5 };
            Assert.Equal(header + utf8.Length, bytes.Length);
            var reader = new MessagePackReader(bytes);
            Assert.Equal(utf8, reader.ReadStringSpan().ToArray());
            Assert.Equal(s, new MessagePackReader(bytes).ReadString());
            Assert.Equal(bytes, With((ref MessagePackWriter w) => w.WriteStringUtf8(utf8)));
        }));

    [Fact]
    public void Binaries_round_trip() =>
        check(Prop.ForAll(Arb.From(MessagePackGen.Data), data =>
        {
            var bytes = With((ref MessagePackWriter w) => w.WriteBinary(data));
            var reader = new MessagePackReader(bytes);
            Assert.Equal(data, reader.ReadBinary().ToArray());
            Assert.True(reader.End);
        }));

    [Fact]
    public void Value_trees_round_trip_through_bytes_in_both_directions() =>
        check(Prop.ForAll(MessagePackGen.TreeArb, tree =>
        {
            var bytes = tree.Encode();
            var decoded = MessagePackValue.Decode(bytes);
            Assert.Equal(tree, decoded);
            Assert.Equal(tree.GetHashCode(), decoded.GetHashCode());
            Assert.Equal(bytes, decoded.Encode());
            Assert.Equal(tree.ToString(), decoded.ToString());
        }));

    [Fact]
    public void Skip_and_ReadRaw_consume_exactly_one_tree() =>
        check(Prop.ForAll(Arb.From(Gen.Zip(MessagePackGen.Tree, MessagePackGen.Tree)), t =>
        {
            var (first, second) = t;
            var bytes = first.Encode().Concat(second.Encode()).ToArray();
            var reader = new MessagePackReader(bytes);
            Assert.Equal(first.Encode(), reader.ReadRaw().ToArray());
            Assert.Equal(first.Type, MessagePackValue.Decode(first.Encode()).Type);
            Assert.Equal(second, MessagePackValue.Read(ref reader));
            Assert.True(reader.End);
        }));

    [Fact]
    public void Every_proper_prefix_of_a_tree_is_rejected_as_truncated() =>
        checkWith(100, Prop.ForAll(MessagePackGen.TreeArb, tree =>
        {
            var bytes = tree.Encode();
            for (var length = 0; length < bytes.Length; length++)
            {
                var prefix = bytes[..length];
                Assert.Throws<MessagePackException>(() => MessagePackValue.Decode(prefix));
                Assert.Throws<MessagePackException>(() => new MessagePackReader(prefix).Skip());
            }
        }));

    [Fact]
    public void Map_lookup_finds_string_and_native_keys_last_one_winning()
    {
        var map = MessagePackValue.MapOf(("a", 1), (1, "one"), ("a", 2), (MessagePackValue.ArrayOf(1), true));
        Assert.True(map.TryGetValue("a", out var a));
        Assert.Equal((MessagePackValue)2, a);
        Assert.Equal((MessagePackValue)"one", map[1]);
        Assert.Equal((MessagePackValue)true, map[MessagePackValue.ArrayOf(1)]);
        Assert.False(map.TryGetValue("b", out _));
        Assert.Throws<KeyNotFoundException>(() => map["b"]);
    }

    [Fact]
    public void Equality_keeps_what_the_encoding_keeps()
    {
        Assert.NotEqual<MessagePackValue>(new MessagePackValue.FloatValue(1.5), MessagePackValue.FloatValue.Single(1.5f));
        Assert.NotEqual<MessagePackValue>(MessagePackValue.MapOf(("a", 1), ("b", 2)), MessagePackValue.MapOf(("b", 2), ("a", 1)));
        Assert.NotEqual<MessagePackValue>(1, 1.0);
        Assert.NotEqual<MessagePackValue>("a", new MessagePackValue.BinaryValue(Bytes.CopyFrom("a"u8)));
        Assert.Equal<MessagePackValue>(new MessagePackValue.FloatValue(double.NaN), new MessagePackValue.FloatValue(double.NaN));
        Assert.Equal("{\"a\": [1, -2, 1.5, 1.5f, nil, true, b\"00ff\"]}",
            MessagePackValue.MapOf(("a", MessagePackValue.ArrayOf(1, -2, 1.5, MessagePackValue.FloatValue.Single(1.5f), MessagePackValue.Nil, true,
                new MessagePackValue.BinaryValue(Bytes.CopyFrom([0, 255]))))).ToString());
    }
}
