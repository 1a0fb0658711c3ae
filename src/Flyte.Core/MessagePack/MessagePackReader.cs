using System.Buffers.Binary;
using System.Text;

namespace Flyte.MessagePack;

/// <summary>
/// Reads MessagePack values one at a time from a span of bytes, without allocating except for <see cref="ReadString"/>.
/// </summary>
/// <remarks>
/// Every read either consumes exactly one value (or one container header) or throws <see cref="MessagePackException"/>
/// leaving <see cref="Position"/> where it was; the message says what was expected, what byte was found and at which
/// offset. Containers are read as a header followed by their elements, as <see cref="MessagePackWriter"/> writes them.
/// </remarks>
public ref struct MessagePackReader
{
    // Python's msgpack decodes str strictly by default; so do we, rather than silently inventing U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _input;
    private int _position;

    /// <summary>Creates a reader positioned at the start of <paramref name="input"/>.</summary>
    public MessagePackReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        _position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Whether all input has been consumed.</summary>
    public readonly bool End => _position >= _input.Length;

    /// <summary>Number of unread bytes.</summary>
    public readonly int Remaining => _input.Length - _position;

    /// <summary>The kind of the next value, without consuming it.</summary>
    /// <exception cref="MessagePackException">The input has ended, or the next byte is the never-used 0xc1 or starts an extension.</exception>
    public readonly MessagePackType PeekType()
    {
        var code = PeekCode("a value");
        if (MessagePackCode.TypeOf(code) is { } type) return type;
        throw MessagePackCode.IsExtension(code)
            ? new MessagePackException(
                $"Expected a value at offset {_position} but found an extension ({MessagePackCode.FormatName(code)}, 0x{code:x2}); Flyte's msgpack has no extension types.",
                _position)
            : new MessagePackException($"Expected a value at offset {_position} but found the never-used byte 0xc1.", _position);
    }

    /// <summary>Consumes a <c>nil</c> and returns <c>true</c> if one comes next; otherwise consumes nothing and returns <c>false</c>.</summary>
    /// <exception cref="MessagePackException">The input has ended.</exception>
    public bool TryReadNil()
    {
        if (PeekCode("a value") != MessagePackCode.Nil) return false;
        _position++;
        return true;
    }

    /// <summary>Reads a <c>nil</c>.</summary>
    public void ReadNil()
    {
        var code = PeekCode("nil");
        if (code != MessagePackCode.Nil) throw WrongType("nil", code);
        _position++;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public bool ReadBoolean()
    {
        var code = PeekCode("a boolean");
        var value = code switch
        {
            MessagePackCode.True => true,
            MessagePackCode.False => false,
            _ => throw WrongType("a boolean", code),
        };
        _position++;
        return value;
    }

    /// <summary>Reads an integer in any encoding whose value fits <see cref="long"/>.</summary>
    /// <exception cref="MessagePackException">Not an integer, or a uint64 above <see cref="long.MaxValue"/>.</exception>
    public long ReadInt64()
    {
        var start = _position;
        var bits = ReadIntegerBits("an integer", out var negative);
        if (!negative && bits > long.MaxValue)
        {
            _position = start;
            throw new MessagePackException($"The integer {bits} at offset {start} does not fit in Int64.", start);
        }

        return unchecked((long)bits);
    }

    /// <summary>Reads an integer in any encoding whose value fits <see cref="int"/>.</summary>
    /// <exception cref="MessagePackException">Not an integer, or outside the range of Int32.</exception>
    public int ReadInt32()
    {
        var start = _position;
        var value = ReadInt64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            _position = start;
            throw new MessagePackException($"The integer {value} at offset {start} does not fit in Int32.", start);
        }

        return (int)value;
    }

    /// <summary>Reads a non-negative integer in any encoding (a signed encoding is accepted when its value is not negative).</summary>
    /// <exception cref="MessagePackException">Not an integer, or negative.</exception>
    public ulong ReadUInt64()
    {
        var start = _position;
        var bits = ReadIntegerBits("an integer", out var negative);
        if (negative)
        {
            _position = start;
            throw new MessagePackException($"The integer {unchecked((long)bits)} at offset {start} does not fit in UInt64.", start);
        }

        return bits;
    }

    /// <summary>Reads a float32 or float64, or an integer converted to the nearest <see cref="double"/>.</summary>
    public double ReadDouble()
    {
        var code = PeekCode("a float");
        switch (code)
        {
            case MessagePackCode.Float64:
                return BinaryPrimitives.ReadDoubleBigEndian(Take(9, "a float")[1..]);
            case MessagePackCode.Float32:
                return BinaryPrimitives.ReadSingleBigEndian(Take(5, "a float")[1..]);
            default:
                if (MessagePackCode.TypeOf(code) != MessagePackType.Integer) throw WrongType("a float", code);
                var bits = ReadIntegerBits("a float", out var negative);
                return negative ? unchecked((long)bits) : bits;
        }
    }

    /// <summary>
    /// Reads a float32 bit for bit (NaN payloads included, which widening to double may not keep); a float64 or an
    /// integer is converted to the nearest <see cref="float"/>.
    /// </summary>
    public float ReadSingle()
    {
        var code = PeekCode("a float");
        return code == MessagePackCode.Float32
            ? BinaryPrimitives.ReadSingleBigEndian(Take(5, "a float")[1..])
            : (float)ReadDouble();
    }

    /// <summary>Reads a str value and decodes its UTF-8.</summary>
    /// <exception cref="MessagePackException">Not a str, or its bytes are not valid UTF-8.</exception>
    public string ReadString()
    {
        var start = _position;
        var utf8 = ReadStringSpan();
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException e)
        {
            _position = start;
            throw new MessagePackException($"The string at offset {start} is not valid UTF-8 (bad byte at index {e.Index} of its {utf8.Length} bytes).", start, e);
        }
    }

    /// <summary>Reads a str value and returns its raw UTF-8 bytes (not validated), pointing into the input.</summary>
    public ReadOnlySpan<byte> ReadStringSpan()
    {
        var code = PeekCode("a string");
        int headerSize;
        uint length;
        switch (code)
        {
            case >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                headerSize = 1;
                length = (uint)(code & 0x1f);
                break;
            case MessagePackCode.Str8:
            case MessagePackCode.Str16:
            case MessagePackCode.Str32:
                (headerSize, length) = ReadLength(code - MessagePackCode.Str8, "a string");
                break;
            default:
                throw WrongType("a string", code);
        }

        return TakeWithHeader(headerSize, length, "a string");
    }

    /// <summary>Reads a bin value, returning its bytes pointing into the input.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        var code = PeekCode("a binary");
        if (code is not (MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32)) throw WrongType("a binary", code);
        var (headerSize, length) = ReadLength(code - MessagePackCode.Bin8, "a binary");
        return TakeWithHeader(headerSize, length, "a binary");
    }

    /// <summary>Reads an array header and returns the element count; the elements follow.</summary>
    /// <exception cref="MessagePackException">Not an array, or more elements declared than bytes remain.</exception>
    public int ReadArrayHeader()
    {
        var code = PeekCode("an array");
        return code switch
        {
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => ContainerCount(1, (uint)(code & 0x0f), 1, "an array"),
            MessagePackCode.Array16 => ContainerCount(3, BinaryPrimitives.ReadUInt16BigEndian(Peek(3, "an array")[1..]), 1, "an array"),
            MessagePackCode.Array32 => ContainerCount(5, BinaryPrimitives.ReadUInt32BigEndian(Peek(5, "an array")[1..]), 1, "an array"),
            _ => throw WrongType("an array", code),
        };
    }

    /// <summary>Reads a map header and returns the entry count; key, value pairs follow.</summary>
    /// <exception cref="MessagePackException">Not a map, or more entries declared than bytes remain.</exception>
    public int ReadMapHeader()
    {
        var code = PeekCode("a map");
        return code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => ContainerCount(1, (uint)(code & 0x0f), 2, "a map"),
            MessagePackCode.Map16 => ContainerCount(3, BinaryPrimitives.ReadUInt16BigEndian(Peek(3, "a map")[1..]), 2, "a map"),
            MessagePackCode.Map32 => ContainerCount(5, BinaryPrimitives.ReadUInt32BigEndian(Peek(5, "a map")[1..]), 2, "a map"),
            _ => throw WrongType("a map", code),
        };
    }

    /// <summary>Skips the next value, including everything nested in it.</summary>
    public void Skip()
    {
        var start = _position;
        try
        {
            // A count of values still to skip instead of recursion: deep nesting cannot overflow the stack.
            long pending = 1;
            while (pending > 0)
            {
                pending--;
                switch (PeekType())
                {
                    case MessagePackType.Nil:
                        _position++;
                        break;
                    case MessagePackType.Boolean:
                        ReadBoolean();
                        break;
                    case MessagePackType.Integer:
                        ReadIntegerBits("an integer", out _);
                        break;
                    case MessagePackType.Float:
                        ReadDouble();
                        break;
                    case MessagePackType.String:
                        ReadStringSpan();
                        break;
                    case MessagePackType.Binary:
                        ReadBinary();
                        break;
                    case MessagePackType.Array:
                        pending += ReadArrayHeader();
                        break;
                    case MessagePackType.Map:
                        pending += 2L * ReadMapHeader();
                        break;
                }
            }
        }
        catch (MessagePackException)
        {
            _position = start;
            throw;
        }
    }

    /// <summary>Skips the next value and returns its encoded bytes (a view into the input), e.g. to copy it with <see cref="MessagePackWriter.WriteRaw"/>.</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var start = _position;
        Skip();
        return _input[start.._position];
    }

    /// <summary>The next format byte, not consumed (for callers that keep the float width or integer signedness).</summary>
    internal readonly byte PeekFormatByte() => PeekCode("a value");

    /// <summary>Consumes an integer; see <see cref="ReadIntegerBits"/>.</summary>
    internal ulong ReadIntegerRaw(out bool negative) => ReadIntegerBits("an integer", out negative);

    // --- internals --------------------------------------------------------------------------------------------------

    private readonly byte PeekCode(string expected)
    {
        if (_position >= _input.Length)
            throw new MessagePackException($"Expected {expected} at offset {_position} but the input ended ({_input.Length} bytes).", _position);
        return _input[_position];
    }

    /// <summary>The next <paramref name="count"/> bytes of the current value, not consumed.</summary>
    private readonly ReadOnlySpan<byte> Peek(int count, string expected)
    {
        if (count > Remaining)
        {
            var format = MessagePackCode.FormatName(_input[_position]);
            throw new MessagePackException(
                $"Truncated input: {expected} ({format}, 0x{_input[_position]:x2}) at offset {_position} needs {count} bytes but only {Remaining} remain.",
                _position);
        }

        return _input.Slice(_position, count);
    }

    private ReadOnlySpan<byte> Take(int count, string expected)
    {
        var span = Peek(count, expected);
        _position += count;
        return span;
    }

    /// <summary>Consumes a header of <paramref name="headerSize"/> bytes and <paramref name="length"/> payload bytes; returns the payload.</summary>
    private ReadOnlySpan<byte> TakeWithHeader(int headerSize, uint length, string expected)
    {
        if ((ulong)headerSize + length > (ulong)Remaining)
        {
            var format = MessagePackCode.FormatName(_input[_position]);
            throw new MessagePackException(
                $"Truncated input: {expected} ({format}, 0x{_input[_position]:x2}) at offset {_position} declares {length} bytes of data but only {Math.Max(0, Remaining - headerSize)} remain after its header.",
                _position);
        }

        var payload = _input.Slice(_position + headerSize, (int)length);
        _position += headerSize + (int)length;
        return payload;
    }

    /// <summary>For the 8/16/32-bit length variants (<paramref name="width"/> 0, 1, 2): header size and length, not consumed.</summary>
    private readonly (int HeaderSize, uint Length) ReadLength(int width, string expected) => width switch
    {
        0 => (2, Peek(2, expected)[1]),
        1 => (3, BinaryPrimitives.ReadUInt16BigEndian(Peek(3, expected)[1..])),
        _ => (5, BinaryPrimitives.ReadUInt32BigEndian(Peek(5, expected)[1..])),
    };

    /// <summary>Consumes a container header after checking its count could possibly be satisfied by the remaining input.</summary>
    private int ContainerCount(int headerSize, uint count, int valuesPerElement, string expected)
    {
        // Every value takes at least one byte, so a count beyond the remaining bytes is a truncated or hostile input;
        // rejecting it here also stops a caller from pre-allocating for a bogus count.
        var needed = (ulong)count * (ulong)valuesPerElement;
        if (needed > (ulong)(Remaining - headerSize))
        {
            var format = MessagePackCode.FormatName(_input[_position]);
            throw new MessagePackException(
                $"Truncated input: {expected} ({format}, 0x{_input[_position]:x2}) at offset {_position} declares {count} {(valuesPerElement == 1 ? "elements" : "entries")} but only {Remaining - headerSize} bytes remain.",
                _position);
        }

        _position += headerSize;
        return (int)count;
    }

    /// <summary>
    /// Consumes an integer of any encoding. <paramref name="negative"/> tells whether the result is a negative
    /// <see cref="long"/> reinterpreted as bits; otherwise the bits are the (non-negative) value itself.
    /// </summary>
    private ulong ReadIntegerBits(string expected, out bool negative)
    {
        var code = PeekCode(expected);
        long signed;
        switch (code)
        {
            case <= MessagePackCode.MaxPositiveFixInt:
                _position++;
                negative = false;
                return code;
            case >= MessagePackCode.MinNegativeFixInt:
                _position++;
                negative = true;
                return unchecked((ulong)(long)(sbyte)code);
            case MessagePackCode.UInt8:
                negative = false;
                return Take(2, expected)[1];
            case MessagePackCode.UInt16:
                negative = false;
                return BinaryPrimitives.ReadUInt16BigEndian(Take(3, expected)[1..]);
            case MessagePackCode.UInt32:
                negative = false;
                return BinaryPrimitives.ReadUInt32BigEndian(Take(5, expected)[1..]);
            case MessagePackCode.UInt64:
                negative = false;
                return BinaryPrimitives.ReadUInt64BigEndian(Take(9, expected)[1..]);
            case MessagePackCode.Int8:
                signed = unchecked((sbyte)Take(2, expected)[1]);
                break;
            case MessagePackCode.Int16:
                signed = BinaryPrimitives.ReadInt16BigEndian(Take(3, expected)[1..]);
                break;
            case MessagePackCode.Int32:
                signed = BinaryPrimitives.ReadInt32BigEndian(Take(5, expected)[1..]);
                break;
            case MessagePackCode.Int64:
                signed = BinaryPrimitives.ReadInt64BigEndian(Take(9, expected)[1..]);
                break;
            default:
                throw WrongType(expected, code);
        }

        negative = signed < 0;
        return unchecked((ulong)signed);
    }

    private readonly MessagePackException WrongType(string expected, byte code)
    {
        var found = MessagePackCode.TypeOf(code) is { } type ? MessagePackCode.Describe(type)
            : MessagePackCode.IsExtension(code) ? "an extension" : "the never-used byte";
        return new MessagePackException(
            $"Expected {expected} at offset {_position} but found {found} ({MessagePackCode.FormatName(code)}, 0x{code:x2}).", _position);
    }
}
