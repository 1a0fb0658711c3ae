using System.Buffers.Binary;
using System.Text;

namespace Flyte.Types.Internal;

/// <summary>
/// The few msgpack pieces the built-in families need (scalars, arrays, maps with any keys), decoded into a small
/// untyped tree: null, bool, long, ulong (only above long.MaxValue), double, string, byte[], object?[] and
/// <see cref="MsgPackMap"/>. Stands in until Flyte.MessagePack (branch <c>msgpack</c>) is merged; only this file and
/// <see cref="MsgPackLiterals"/> know about it.
/// </summary>
internal static class MiniMsgPack
{
    public static object? Read(ReadOnlySpan<byte> data)
    {
        var pos = 0;
        var value = ReadValue(data, ref pos);
        if (pos != data.Length) throw new FormatException($"msgpack: {data.Length - pos} trailing bytes");
        return value;
    }

    private static object? ReadValue(ReadOnlySpan<byte> d, ref int p)
    {
        var b = Need(d, p, 1)[0];
        p++;
        switch (b)
        {
            case <= 0x7f: return (long)b;
            case >= 0xe0: return (long)(sbyte)b;
            case >= 0xa0 and <= 0xbf: return Str(d, ref p, b & 0x1f);
            case >= 0x90 and <= 0x9f: return Array(d, ref p, b & 0x0f);
            case >= 0x80 and <= 0x8f: return Map(d, ref p, b & 0x0f);
        }
        switch (b)
        {
            case 0xc0: return null;
            case 0xc2: return false;
            case 0xc3: return true;
            case 0xc4: return Bin(d, ref p, Take(d, ref p, 1)[0]);
            case 0xc5: return Bin(d, ref p, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref p, 2)));
            case 0xc6: return Bin(d, ref p, Len(BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref p, 4))));
            case 0xca: return (double)BinaryPrimitives.ReadSingleBigEndian(Take(d, ref p, 4));
            case 0xcb: return BinaryPrimitives.ReadDoubleBigEndian(Take(d, ref p, 8));
            case 0xcc: return (long)Take(d, ref p, 1)[0];
            case 0xcd: return (long)BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref p, 2));
            case 0xce: return (long)BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref p, 4));
            case 0xcf:
                var u = BinaryPrimitives.ReadUInt64BigEndian(Take(d, ref p, 8));
                return u <= long.MaxValue ? (long)u : u;
            case 0xd0: return (long)(sbyte)Take(d, ref p, 1)[0];
            case 0xd1: return (long)BinaryPrimitives.ReadInt16BigEndian(Take(d, ref p, 2));
            case 0xd2: return (long)BinaryPrimitives.ReadInt32BigEndian(Take(d, ref p, 4));
            case 0xd3: return BinaryPrimitives.ReadInt64BigEndian(Take(d, ref p, 8));
            case 0xd9: return Str(d, ref p, Take(d, ref p, 1)[0]);
            case 0xda: return Str(d, ref p, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref p, 2)));
            case 0xdb: return Str(d, ref p, Len(BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref p, 4))));
            case 0xdc: return Array(d, ref p, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref p, 2)));
            case 0xdd: return Array(d, ref p, Len(BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref p, 4))));
            case 0xde: return Map(d, ref p, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref p, 2)));
            case 0xdf: return Map(d, ref p, Len(BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref p, 4))));
            default: throw new FormatException($"msgpack: unsupported type byte 0x{b:x2}");
        }
    }

    private static int Len(uint n) => n <= int.MaxValue ? (int)n : throw new FormatException("msgpack: length too large");

    private static ReadOnlySpan<byte> Need(ReadOnlySpan<byte> d, int p, int n) =>
        p + n <= d.Length ? d.Slice(p, n) : throw new FormatException("msgpack: unexpected end of data");

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> d, ref int p, int n)
    {
        var s = Need(d, p, n);
        p += n;
        return s;
    }

    private static string Str(ReadOnlySpan<byte> d, ref int p, int n) => Encoding.UTF8.GetString(Take(d, ref p, n));

    private static byte[] Bin(ReadOnlySpan<byte> d, ref int p, int n) => Take(d, ref p, n).ToArray();

    private static object?[] Array(ReadOnlySpan<byte> d, ref int p, int n)
    {
        var items = new object?[n];
        for (var i = 0; i < n; i++) items[i] = ReadValue(d, ref p);
        return items;
    }

    private static MsgPackMap Map(ReadOnlySpan<byte> d, ref int p, int n)
    {
        var entries = new KeyValuePair<object?, object?>[n];
        for (var i = 0; i < n; i++)
        {
            var k = ReadValue(d, ref p);
            entries[i] = new(k, ReadValue(d, ref p));
        }
        return new MsgPackMap(entries);
    }

    public static byte[] Write(object? value)
    {
        var buffer = new List<byte>(16);
        WriteValue(buffer, value);
        return buffer.ToArray();
    }

    public static void WriteValue(List<byte> o, object? value)
    {
        switch (value)
        {
            case null: o.Add(0xc0); break;
            case bool b: o.Add(b ? (byte)0xc3 : (byte)0xc2); break;
            case long l: WriteInt(o, l); break;
            case ulong u when u > long.MaxValue: o.Add(0xcf); Be(o, u, 8); break;
            case ulong u: WriteInt(o, (long)u); break;
            case double f:
                o.Add(0xcb);
                Be(o, (ulong)BitConverter.DoubleToInt64Bits(f), 8);
                break;
            case string s:
                var utf8 = Encoding.UTF8.GetBytes(s);
                Header(o, utf8.Length, 0xa0, 31, 0xd9, 0xda, 0xdb);
                o.AddRange(utf8);
                break;
            case byte[] bytes:
                if (bytes.Length <= byte.MaxValue) { o.Add(0xc4); o.Add((byte)bytes.Length); }
                else if (bytes.Length <= ushort.MaxValue) { o.Add(0xc5); Be(o, (ulong)bytes.Length, 2); }
                else { o.Add(0xc6); Be(o, (ulong)bytes.Length, 4); }
                o.AddRange(bytes);
                break;
            case RawMsgPack raw: o.AddRange(raw.Bytes); break;
            case object?[] items:
                Header(o, items.Length, 0x90, 15, null, 0xdc, 0xdd);
                foreach (var item in items) WriteValue(o, item);
                break;
            case MsgPackMap map:
                Header(o, map.Entries.Count, 0x80, 15, null, 0xde, 0xdf);
                foreach (var (k, v) in map.Entries) { WriteValue(o, k); WriteValue(o, v); }
                break;
            default: throw new ArgumentException($"msgpack: cannot write a {value.GetType().Name}");
        }
    }

    private static void WriteInt(List<byte> o, long v)
    {
        if (v >= 0)
        {
            if (v <= 0x7f) o.Add((byte)v);
            else if (v <= byte.MaxValue) { o.Add(0xcc); o.Add((byte)v); }
            else if (v <= ushort.MaxValue) { o.Add(0xcd); Be(o, (ulong)v, 2); }
            else if (v <= uint.MaxValue) { o.Add(0xce); Be(o, (ulong)v, 4); }
            else { o.Add(0xcf); Be(o, (ulong)v, 8); }
        }
        else
        {
            if (v >= -32) o.Add((byte)(sbyte)v);
            else if (v >= sbyte.MinValue) { o.Add(0xd0); o.Add((byte)(sbyte)v); }
            else if (v >= short.MinValue) { o.Add(0xd1); Be(o, (ulong)v, 2); }
            else if (v >= int.MinValue) { o.Add(0xd2); Be(o, (ulong)v, 4); }
            else { o.Add(0xd3); Be(o, (ulong)v, 8); }
        }
    }

    private static void Header(List<byte> o, int n, byte fix, int fixMax, byte? b8, byte b16, byte b32)
    {
        if (n <= fixMax) o.Add((byte)(fix | n));
        else if (b8 is { } x && n <= byte.MaxValue) { o.Add(x); o.Add((byte)n); }
        else if (n <= ushort.MaxValue) { o.Add(b16); Be(o, (ulong)n, 2); }
        else { o.Add(b32); Be(o, (ulong)n, 4); }
    }

    private static void Be(List<byte> o, ulong v, int width)
    {
        for (var shift = (width - 1) * 8; shift >= 0; shift -= 8) o.Add((byte)(v >> shift));
    }
}

/// <summary>A decoded msgpack map, entries in wire order, keys of any msgpack kind.</summary>
internal sealed record MsgPackMap(IReadOnlyList<KeyValuePair<object?, object?>> Entries);

/// <summary>Already-encoded msgpack (e.g. a record's Binary payload) embedded verbatim in a larger value.</summary>
internal sealed record RawMsgPack(byte[] Bytes);
