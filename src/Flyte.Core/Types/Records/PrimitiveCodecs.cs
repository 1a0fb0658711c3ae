using System.Globalization;
using System.Numerics;
using Flyte.MessagePack;

namespace Flyte.Types.Records;

/// <summary>Codecs for the scalar .NET types mashumaro has a msgpack form for (§2.6.1 of the reference).</summary>
internal static class PrimitiveCodecs
{
    private static readonly Dictionary<Type, Codec> ByType = new Codec[]
    {
        new BoolCodec(), new Int64Codec(), new IntCodec<int>(), new IntCodec<short>(), new IntCodec<sbyte>(),
        new IntCodec<byte>(), new IntCodec<ushort>(), new IntCodec<uint>(), new UInt64Codec(),
        new DoubleCodec(), new SingleCodec(), new DecimalCodec(), new StringCodec(), new CharCodec(), new BytesCodec(),
        new DateTimeCodec(), new DateTimeOffsetCodec(), new DateOnlyCodec(), new TimeOnlyCodec(), new TimeSpanCodec(),
        new GuidCodec(), new UriCodec(), new BigIntegerCodec(),
    }.ToDictionary(c => c.Type);

    public static Codec? For(Type type) => ByType.GetValueOrDefault(type);

    /// <summary>Reads an integer; an integral float (a protobuf Struct number, a JSON number) is accepted too.</summary>
    internal static long ReadInteger(ref MessagePackReader reader)
    {
        if (reader.PeekType() == MessagePackType.Float)
        {
            var d = reader.ReadDouble();
            if (Math.Floor(d) != d || d < long.MinValue || d >= 9.2233720368547758E18)
                throw new CodecReadException($"expected an integer, found the float {d.ToString("R", CultureInfo.InvariantCulture)}");
            return (long)d;
        }
        return reader.ReadInt64();
    }

    /// <summary>Whether the next value is an integer above <see cref="long.MaxValue"/> (only a uint64 can hold one).</summary>
    internal static bool IsLargeUnsigned(MessagePackReader copy)
    {
        if (copy.PeekType() != MessagePackType.Integer) return false;
        try
        {
            copy.ReadInt64();
            return false;
        }
        catch (MessagePackException)
        {
            return true;
        }
    }

    internal static string ReadText(ref MessagePackReader reader, string what)
    {
        if (reader.PeekType() != MessagePackType.String) throw new CodecReadException($"expected {what} as a string, found {Describe(ref reader)}");
        return reader.ReadString();
    }

    internal static string Describe(ref MessagePackReader reader) => reader.PeekType() switch
    {
        MessagePackType.Nil => "nil",
        MessagePackType.Integer => "an integer",
        MessagePackType.Float => "a float",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "bytes",
        MessagePackType.Array => "an array",
        MessagePackType.Map => "a map",
        MessagePackType.Boolean => "a boolean",
        _ => "an extension value",
    };

    private sealed class BoolCodec : Codec<bool>
    {
        public override void Write(ref MessagePackWriter w, bool v, CodecState s) => w.Write(v);
        public override bool Read(ref MessagePackReader r, CodecState s) => r.ReadBoolean();
    }

    private sealed class Int64Codec : Codec<long>
    {
        public override void Write(ref MessagePackWriter w, long v, CodecState s) => w.Write(v);
        public override long Read(ref MessagePackReader r, CodecState s) => ReadInteger(ref r);
    }

    private sealed class IntCodec<T> : Codec<T> where T : struct, IBinaryInteger<T>
    {
        public override void Write(ref MessagePackWriter w, T v, CodecState s) => w.Write(long.CreateTruncating(v));
        public override T Read(ref MessagePackReader r, CodecState s)
        {
            var value = ReadInteger(ref r);
            if (!TryChecked(value, out var result))
                throw new CodecReadException($"the integer {value} does not fit {typeof(T).Name}");
            return result;
        }

        private static bool TryChecked(long value, out T result)
        {
            try { result = T.CreateChecked(value); return true; }
            catch (OverflowException) { result = default; return false; }
        }
    }

    private sealed class UInt64Codec : Codec<ulong>
    {
        public override void Write(ref MessagePackWriter w, ulong v, CodecState s) => w.Write(v);
        public override ulong Read(ref MessagePackReader r, CodecState s) =>
            r.PeekType() == MessagePackType.Float ? checked((ulong)ReadInteger(ref r)) : r.ReadUInt64();
    }

    private sealed class DoubleCodec : Codec<double>
    {
        public override void Write(ref MessagePackWriter w, double v, CodecState s) => w.Write(v);
        public override double Read(ref MessagePackReader r, CodecState s) => r.ReadDouble();
    }

    /// <summary>Python has no float32: a float is written as float64, as mashumaro writes every float.</summary>
    private sealed class SingleCodec : Codec<float>
    {
        public override void Write(ref MessagePackWriter w, float v, CodecState s) => w.Write((double)v);
        public override float Read(ref MessagePackReader r, CodecState s) => (float)r.ReadDouble();
    }

    /// <summary>Decimal as its string, as mashumaro writes <c>Decimal</c>.</summary>
    private sealed class DecimalCodec : Codec<decimal>
    {
        public override void Write(ref MessagePackWriter w, decimal v, CodecState s) => w.WriteString(v.ToString(CultureInfo.InvariantCulture));
        public override decimal Read(ref MessagePackReader r, CodecState s) => r.PeekType() switch
        {
            MessagePackType.String => decimal.Parse(r.ReadString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            MessagePackType.Integer => ReadInteger(ref r),
            _ => (decimal)r.ReadDouble(),
        };
    }

    private sealed class StringCodec : Codec<string>
    {
        public override void Write(ref MessagePackWriter w, string v, CodecState s)
        {
            if (v is null) w.WriteNil();
            else w.WriteString(v);
        }

        public override string Read(ref MessagePackReader r, CodecState s) => r.TryReadNil() ? null! : ReadText(ref r, "text");
    }

    private sealed class CharCodec : Codec<char>
    {
        public override void Write(ref MessagePackWriter w, char v, CodecState s) => w.WriteString([v]);
        public override char Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a character");
            return text.Length == 1 ? text[0] : throw new CodecReadException($"expected one character, found \"{text}\"");
        }
    }

    private sealed class BytesCodec : Codec<byte[]>
    {
        public override void Write(ref MessagePackWriter w, byte[] v, CodecState s)
        {
            if (v is null) w.WriteNil();
            else w.WriteBinary(v);
        }

        public override byte[] Read(ref MessagePackReader r, CodecState s) => r.TryReadNil() ? null! : r.PeekType() switch
        {
            MessagePackType.Binary => r.ReadBinary().ToArray(),
            MessagePackType.String => System.Text.Encoding.UTF8.GetBytes(r.ReadString()),   // pydantic writes bytes as text
            _ => throw new CodecReadException($"expected bytes, found {Describe(ref r)}"),
        };
    }

    private sealed class DateTimeCodec : Codec<DateTime>
    {
        public override void Write(ref MessagePackWriter w, DateTime v, CodecState s) => w.WriteString(PythonFormats.IsoFormat(v));
        public override DateTime Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a datetime");
            var parsed = PythonFormats.ParseDateTime(text, out var aware) ?? throw new CodecReadException($"\"{text}\" is not an ISO 8601 datetime");
            return aware ? parsed.UtcDateTime : parsed.DateTime;
        }
    }

    private sealed class DateTimeOffsetCodec : Codec<DateTimeOffset>
    {
        public override void Write(ref MessagePackWriter w, DateTimeOffset v, CodecState s) => w.WriteString(PythonFormats.IsoFormat(v));
        public override DateTimeOffset Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a datetime");
            return PythonFormats.ParseDateTime(text, out _) ?? throw new CodecReadException($"\"{text}\" is not an ISO 8601 datetime");
        }
    }

    private sealed class DateOnlyCodec : Codec<DateOnly>
    {
        public override void Write(ref MessagePackWriter w, DateOnly v, CodecState s) => w.WriteString(PythonFormats.IsoFormat(v));
        public override DateOnly Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a date");
            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new CodecReadException($"\"{text}\" is not a date (YYYY-MM-DD)");
        }
    }

    private sealed class TimeOnlyCodec : Codec<TimeOnly>
    {
        public override void Write(ref MessagePackWriter w, TimeOnly v, CodecState s) => w.WriteString(PythonFormats.IsoFormat(v));
        public override TimeOnly Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a time");
            return TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var t) ? t : throw new CodecReadException($"\"{text}\" is not a time");
        }
    }

    /// <summary><c>timedelta</c> as float64 <c>total_seconds()</c>; pydantic's ISO durations are read too.</summary>
    private sealed class TimeSpanCodec : Codec<TimeSpan>
    {
        public override void Write(ref MessagePackWriter w, TimeSpan v, CodecState s) => w.Write((double)(v.Ticks / 10) / 1_000_000);
        public override TimeSpan Read(ref MessagePackReader r, CodecState s) => r.PeekType() == MessagePackType.String
            ? PythonFormats.ParseDuration(r.ReadString())
            : PythonFormats.FromSeconds(r.ReadDouble());
    }

    private sealed class GuidCodec : Codec<Guid>
    {
        public override void Write(ref MessagePackWriter w, Guid v, CodecState s) => w.WriteString(v.ToString("D"));
        public override Guid Read(ref MessagePackReader r, CodecState s)
        {
            var text = ReadText(ref r, "a UUID");
            return Guid.TryParse(text, out var g) ? g : throw new CodecReadException($"\"{text}\" is not a UUID");
        }
    }

    private sealed class UriCodec : Codec<Uri>
    {
        public override void Write(ref MessagePackWriter w, Uri v, CodecState s)
        {
            if (v is null) w.WriteNil();
            else w.WriteString(v.OriginalString);
        }

        public override Uri Read(ref MessagePackReader r, CodecState s) =>
            r.TryReadNil() ? null! : new Uri(ReadText(ref r, "a URI"), UriKind.RelativeOrAbsolute);
    }

    /// <summary>Python ints are unbounded; msgpack holds 64 bits, so a larger value cannot be written (as in msgpack-python).</summary>
    private sealed class BigIntegerCodec : Codec<BigInteger>
    {
        public override void Write(ref MessagePackWriter w, BigInteger v, CodecState s)
        {
            if (v >= long.MinValue && v <= long.MaxValue) w.Write((long)v);
            else if (v >= 0 && v <= ulong.MaxValue) w.Write((ulong)v);
            else throw new TypeTransformerException("an integer that fits 64 bits", v.ToString(CultureInfo.InvariantCulture), "msgpack integers hold at most 64 bits.");
        }

        public override BigInteger Read(ref MessagePackReader r, CodecState s) =>
            PrimitiveCodecs.IsLargeUnsigned(r) ? r.ReadUInt64() : ReadInteger(ref r);
    }
}
