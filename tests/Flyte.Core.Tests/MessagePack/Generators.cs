using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Flyte.MessagePack;

namespace Flyte.Tests.MessagePack;

/// <summary>FsCheck generators for MessagePack values, weighted towards the encoding boundaries.</summary>
internal static class MessagePackGen
{
    private static readonly long[] IntegerBoundaries =
    [
        0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, uint.MaxValue, (long)uint.MaxValue + 1, long.MaxValue,
        -1, -31, -32, -33, -127, -128, -129, short.MinValue, short.MinValue - 1, int.MinValue, (long)int.MinValue - 1, long.MinValue,
    ];

    /// <summary>64 random bits; shifted right by a random amount they cover every magnitude.</summary>
    private static readonly Gen<long> RandomBits =
        Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue), (hi, lo) => ((long)hi << 32) | (uint)lo);

    public static Gen<long> Int64 { get; } = Gen.Frequency(
        (1, Gen.Elements(IntegerBoundaries)),
        (3, Gen.Zip(RandomBits, Gen.Choose(0, 63), (bits, shift) => bits >> shift)));

    public static Gen<ulong> UInt64 { get; } = Gen.Frequency(
        (1, Gen.Elements(0UL, 127UL, 128UL, (ulong)long.MaxValue, (ulong)long.MaxValue + 1, ulong.MaxValue)),
        (3, Gen.Zip(RandomBits, Gen.Choose(0, 63), (bits, shift) => unchecked((ulong)bits) >> shift)));

    /// <summary>Any double bit pattern (NaNs, infinities, subnormals, -0.0 included), plus plain numbers.</summary>
    public static Gen<double> Double { get; } = Gen.Frequency(
        (1, Gen.Elements(0.0, -0.0, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, 90.0)),
        (2, Int64.Select(BitConverter.Int64BitsToDouble)),
        (2, Gen.Zip(Gen.Choose(-1_000_000, 1_000_000), Gen.Choose(1, 1000)).Select(t => t.Item1 / (double)t.Item2)));

    public static Gen<float> Single { get; } =
        Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle);

    private static readonly Gen<int> CodePoint = Gen.Frequency(
        (6, Gen.Choose(0x20, 0x7e)),
        (1, Gen.Choose(0, 0x1f)),
        (2, Gen.Choose(0x80, 0xd7ff)),
        (1, Gen.Choose(0xe000, 0xffff)),
        (1, Gen.Choose(0x10000, 0x10ffff)));

    /// <summary>Valid Unicode (no lone surrogates: Python cannot pack them either), lengths around the fixstr limit.</summary>
    public static Gen<string> Text { get; } =
        Gen.Frequency((4, Gen.Choose(0, 12)), (2, Gen.Choose(25, 40)), (1, Gen.Choose(80, 300)))
            .SelectMany(n => CodePoint.ArrayOf(n))
            .Select(points =>
            {
                var builder = new StringBuilder();
                foreach (var p in points) builder.Append(char.ConvertFromUtf32(p));
                return builder.ToString();
            });

    public static Gen<byte[]> Data { get; } =
        Gen.Frequency((5, Gen.Choose(0, 20)), (1, Gen.Choose(250, 260)))
            .SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n));

    public static Gen<MessagePackValue> Scalar { get; } = Gen.OneOf(
        Gen.Constant(MessagePackValue.Nil),
        Gen.Elements(true, false).Select(b => (MessagePackValue)b),
        Int64.Select(i => (MessagePackValue)i),
        UInt64.Select(i => (MessagePackValue)i),
        Double.Select(d => (MessagePackValue)d),
        Single.Select(f => (MessagePackValue)MessagePackValue.FloatValue.Single(f)),
        Text.Select(s => (MessagePackValue)s),
        Data.Select(d => (MessagePackValue)new MessagePackValue.BinaryValue(Bytes.Wrap(d))));

    /// <summary>Arbitrary trees: arrays and maps with keys of any kind, nested while the size lasts.</summary>
    public static Gen<MessagePackValue> Tree { get; } = Gen.Sized(size => TreeOfSize(Math.Min(size, 40)));

    private static Gen<MessagePackValue> TreeOfSize(int size)
    {
        if (size <= 1) return Scalar;
        var child = Gen.Sized(_ => TreeOfSize(size / 3)).Resize(size / 3);
        return Gen.Frequency(
            (3, Scalar),
            (1, Gen.Choose(0, 6).SelectMany(n => child.ArrayOf(n)).Select(items => (MessagePackValue)MessagePackValue.ArrayOf(items))),
            (1, Gen.Choose(0, 5).SelectMany(n => Gen.Zip(child, child).ArrayOf(n))
                .Select(entries => (MessagePackValue)MessagePackValue.MapOf(entries.Select(e => (e.Item1, e.Item2)).ToArray()))),
            // Now and then a container past the fix/16 limits.
            (size > 20 ? 1 : 0, Gen.Choose(15, 17).SelectMany(n => Scalar.ArrayOf(n)).Select(items => (MessagePackValue)MessagePackValue.ArrayOf(items))));
    }

    /// <summary>
    /// Trees a JavaScript program can hand to @msgpack/msgpack's encoder: maps only with distinct string keys that are not
    /// integer-like (JS objects reorder those), no float32.
    /// </summary>
    public static Gen<MessagePackValue> JsEncodableTree { get; } = Gen.Sized(size => JsTreeOfSize(Math.Min(size, 40)));

    private static readonly Gen<MessagePackValue> JsScalar = Gen.OneOf(
        Gen.Constant(MessagePackValue.Nil),
        Gen.Elements(true, false).Select(b => (MessagePackValue)b),
        Int64.Select(i => (MessagePackValue)i),
        UInt64.Select(i => (MessagePackValue)i),
        Double.Select(d => (MessagePackValue)d),
        Text.Select(s => (MessagePackValue)s),
        Data.Select(d => (MessagePackValue)new MessagePackValue.BinaryValue(Bytes.Wrap(d))));

    private static Gen<MessagePackValue> JsTreeOfSize(int size)
    {
        if (size <= 1) return JsScalar;
        var child = Gen.Sized(_ => JsTreeOfSize(size / 3)).Resize(size / 3);
        var key = Text.Where(k => k != "__proto__" && !(k.Length > 0 && k.All(char.IsAsciiDigit)));
        return Gen.Frequency(
            (3, JsScalar),
            (1, Gen.Choose(0, 6).SelectMany(n => child.ArrayOf(n)).Select(items => (MessagePackValue)MessagePackValue.ArrayOf(items))),
            (1, Gen.Choose(0, 5).SelectMany(n => Gen.Zip(key, child).ArrayOf(n))
                .Select(entries => (MessagePackValue)MessagePackValue.MapOf(
                    entries.DistinctBy(e => e.Item1).Select(e => ((MessagePackValue)e.Item1, e.Item2)).ToArray()))),
            (size > 20 ? 1 : 0, Gen.Choose(15, 17).SelectMany(n => JsScalar.ArrayOf(n)).Select(items => (MessagePackValue)MessagePackValue.ArrayOf(items))));
    }

    public static Arbitrary<MessagePackValue> TreeArb { get; } = Arb.From(Tree);
}
