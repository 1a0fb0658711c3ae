using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Flyte.MessagePack;

/// <summary>
/// Writes MessagePack into an <see cref="IBufferWriter{T}"/> the way msgpack-python's <c>packb(use_bin_type=True)</c> does:
/// integers in their smallest encoding, <see cref="double"/> always as float64, strings in the str family, bytes in the bin
/// family, and every header (str, bin, array, map) in its smallest form. Writing a value allocates nothing.
/// </summary>
/// <remarks>
/// Containers are written as a header followed by their elements: <see cref="WriteArrayHeader"/> then each item;
/// <see cref="WriteMapHeader"/> then key, value, key, value, …; the writer does not check that the counts match.
/// </remarks>
public ref struct MessagePackWriter
{
    // Throwing on lone surrogates matches Python, where `str` with surrogates fails to pack with the default errors.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Past this many chars the worst-case buffer (3 bytes per char) gets wasteful; count exactly first instead.
    private const int MaxCharsForWorstCaseBuffer = 4096;

    private readonly IBufferWriter<byte> _output;

    /// <summary>Creates a writer appending to <paramref name="output"/>.</summary>
    public MessagePackWriter(IBufferWriter<byte> output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>Writes <c>nil</c>.</summary>
    public readonly void WriteNil() => WriteByte(MessagePackCode.Nil);

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public readonly void Write(bool value) => WriteByte(value ? MessagePackCode.True : MessagePackCode.False);

    /// <summary>Writes an integer in its smallest encoding (see <see cref="Write(long)"/>).</summary>
    public readonly void Write(int value) => Write((long)value);

    /// <summary>Writes an integer in its smallest encoding (see <see cref="Write(ulong)"/>).</summary>
    public readonly void Write(uint value) => Write((ulong)value);

    /// <summary>
    /// Writes an integer in its smallest encoding: non-negative values as positive fixint or uint8/16/32/64,
    /// negative ones as negative fixint or int8/16/32/64.
    /// </summary>
    public readonly void Write(long value)
    {
        if (value >= 0)
        {
            Write((ulong)value);
            return;
        }

        var span = _output.GetSpan(9);
        int length;
        if (value >= -32)
        {
            span[0] = unchecked((byte)value);
            length = 1;
        }
        else if (value >= sbyte.MinValue)
        {
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            length = 2;
        }
        else if (value >= short.MinValue)
        {
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            length = 3;
        }
        else if (value >= int.MinValue)
        {
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            length = 5;
        }
        else
        {
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            length = 9;
        }

        _output.Advance(length);
    }

    /// <summary>Writes a non-negative integer in its smallest encoding: positive fixint or uint8/16/32/64.</summary>
    public readonly void Write(ulong value)
    {
        var span = _output.GetSpan(9);
        int length;
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            span[0] = (byte)value;
            length = 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            length = 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.UInt16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            length = 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = MessagePackCode.UInt32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            length = 5;
        }
        else
        {
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            length = 9;
        }

        _output.Advance(length);
    }

    /// <summary>Writes a float64 (0xcb), whatever the value: Python floats are always packed this way.</summary>
    public readonly void Write(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    /// <summary>Writes a float32 (0xca).</summary>
    public readonly void Write(float value)
    {
        var span = _output.GetSpan(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        _output.Advance(5);
    }

    /// <summary>Writes a string as UTF-8 in the str family (fixstr, str8/16/32).</summary>
    /// <exception cref="MessagePackException">The string holds a lone surrogate, which has no UTF-8 form.</exception>
    public readonly void WriteString(string value) => WriteString(value.AsSpan());

    /// <summary>Writes text as UTF-8 in the str family (fixstr, str8/16/32), encoding straight into the output buffer.</summary>
    /// <exception cref="MessagePackException">The text holds a lone surrogate, which has no UTF-8 form.</exception>
    public readonly void WriteString(ReadOnlySpan<char> value)
    {
        try
        {
            if (value.Length > MaxCharsForWorstCaseBuffer)
            {
                var exact = StrictUtf8.GetByteCount(value);
                var header = StringHeaderSize(exact);
                var span = _output.GetSpan(header + exact);
                StrictUtf8.GetBytes(value, span[header..]);
                WriteStringHeader(span, exact);
                _output.Advance(header + exact);
            }
            else
            {
                // Encode once into room for the worst case, then slide the bytes left if the real length needs a shorter
                // header: the header must be minimal, as msgpack-python's is.
                var maxBytes = StrictUtf8.GetMaxByteCount(value.Length);
                var guess = StringHeaderSize(maxBytes);
                var span = _output.GetSpan(guess + maxBytes);
                var written = StrictUtf8.GetBytes(value, span[guess..]);
                var header = StringHeaderSize(written);
                if (header != guess) span.Slice(guess, written).CopyTo(span[header..]);
                WriteStringHeader(span, written);
                _output.Advance(header + written);
            }
        }
        catch (EncoderFallbackException e)
        {
            throw new MessagePackException($"Cannot write a string holding a lone surrogate (U+{(int)e.CharUnknown:X4}) at index {e.Index}: it has no UTF-8 form.", -1, e);
        }
    }

    /// <summary>Writes bytes that already are UTF-8 as a str value; they are not validated.</summary>
    public readonly void WriteStringUtf8(ReadOnlySpan<byte> utf8)
    {
        var header = StringHeaderSize(utf8.Length);
        var span = _output.GetSpan(header + utf8.Length);
        WriteStringHeader(span, utf8.Length);
        utf8.CopyTo(span[header..]);
        _output.Advance(header + utf8.Length);
    }

    /// <summary>Writes bytes in the bin family (bin8/16/32).</summary>
    public readonly void WriteBinary(ReadOnlySpan<byte> value)
    {
        var span = _output.GetSpan(5 + value.Length);
        int header;
        if (value.Length <= byte.MaxValue)
        {
            span[0] = MessagePackCode.Bin8;
            span[1] = (byte)value.Length;
            header = 2;
        }
        else if (value.Length <= ushort.MaxValue)
        {
            span[0] = MessagePackCode.Bin16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value.Length);
            header = 3;
        }
        else
        {
            span[0] = MessagePackCode.Bin32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value.Length);
            header = 5;
        }

        value.CopyTo(span[header..]);
        _output.Advance(header + value.Length);
    }

    /// <summary>Writes the header of an array of <paramref name="count"/> elements (fixarray, array16/32); the elements follow.</summary>
    public readonly void WriteArrayHeader(int count) =>
        WriteContainerHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    /// <summary>Writes the header of a map of <paramref name="count"/> entries (fixmap, map16/32); key, value pairs follow.</summary>
    public readonly void WriteMapHeader(int count) =>
        WriteContainerHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>Copies bytes that already are one or more complete MessagePack values, e.g. a sub-tree read with the reader.</summary>
    public readonly void WriteRaw(ReadOnlySpan<byte> messagePack) => _output.Write(messagePack);

    private readonly void WriteByte(byte code)
    {
        _output.GetSpan(1)[0] = code;
        _output.Advance(1);
    }

    private readonly void WriteContainerHeader(int count, byte fixCode, byte code16, byte code32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var span = _output.GetSpan(5);
        if (count <= 15)
        {
            span[0] = (byte)(fixCode | count);
            _output.Advance(1);
        }
        else if (count <= ushort.MaxValue)
        {
            span[0] = code16;
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)count);
            _output.Advance(3);
        }
        else
        {
            span[0] = code32;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)count);
            _output.Advance(5);
        }
    }

    private static int StringHeaderSize(int byteLength) => byteLength switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };

    private static void WriteStringHeader(Span<byte> span, int byteLength)
    {
        switch (byteLength)
        {
            case <= 31:
                span[0] = (byte)(MessagePackCode.MinFixStr | byteLength);
                break;
            case <= byte.MaxValue:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)byteLength;
                break;
            case <= ushort.MaxValue:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)byteLength);
                break;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)byteLength);
                break;
        }
    }
}
