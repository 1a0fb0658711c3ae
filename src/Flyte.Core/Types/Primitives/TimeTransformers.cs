using System.Globalization;
using System.Xml;
using Flyte.MessagePack;
using Flyte.Types.Nested;
using Flyte.Types.Records;
using Flyte.Types.Json;

namespace Flyte.Types.Primitives;

/// <summary>Parsing shared by the time transformers: the shapes a time arrives in besides its own primitive.</summary>
internal static class TimeText
{
    /// <summary>
    /// An ISO 8601 timestamp as mashumaro or pydantic writes it inside a record (and as propeller hands a record's
    /// datetime field over: a string primitive). No offset means UTC, as flytekit treats naive datetimes.
    /// </summary>
    public static bool TryParseUtc(string text, out DateTime utc)
    {
        var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed);
        utc = ok ? parsed.UtcDateTime : default;
        return ok;
    }

    /// <summary>Flytekit's rule: an unspecified-kind DateTime is already UTC (not converted), a local one is converted.</summary>
    public static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value.ToUniversalTime(),
    };
}

/// <summary><c>DateTime</c> ⇄ Flyte DATETIME, flytekit's <c>datetime</c>; always read back with <see cref="DateTimeKind.Utc"/>.</summary>
internal sealed class DateTimeTransformer() : ScalarTransformer<DateTime>("datetime", LiteralType.Of(SimpleType.Datetime))
{
    /// <summary><c>datetime.isoformat()</c> text, as mashumaro writes it; a naive text reads as UTC-less (unspecified) time.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, DateTime value, MsgPackContext context) =>
        writer.WriteString(PythonFormats.IsoFormat(value));

    /// <inheritdoc />
    public override DateTime ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a datetime");
        var parsed = PythonFormats.ParseDateTime(text, out var aware) ?? throw new CodecReadException($"\"{text}\" is not an ISO 8601 datetime");
        return aware ? parsed.UtcDateTime : parsed.DateTime;
    }

    public override Literal Encode(DateTime value) => new Primitive.Datetime(TimeText.ToUtc(value));

    protected override bool TryDecode(Primitive primitive, out DateTime value)
    {
        value = default;
        switch (primitive)
        {
            case Primitive.Datetime d:
                value = d.Value;
                return true;
            case Primitive.StringValue s:
                if (TimeText.TryParseUtc(s.Value, out value)) return true;
                throw BadValue(s.ToString(), "It is not an ISO 8601 datetime.");
            default:
                return false;
        }
    }
}

/// <summary><c>DateTimeOffset</c> ⇄ Flyte DATETIME (the instant, in UTC), tagged <c>datetime</c>; read back with offset zero.</summary>
internal sealed class DateTimeOffsetTransformer() : ScalarTransformer<DateTimeOffset>("datetime", LiteralType.Of(SimpleType.Datetime))
{
    /// <summary><c>datetime.isoformat()</c> text with the offset.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, DateTimeOffset value, MsgPackContext context) =>
        writer.WriteString(PythonFormats.IsoFormat(value));

    /// <inheritdoc />
    public override DateTimeOffset ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a datetime");
        return PythonFormats.ParseDateTime(text, out _) ?? throw new CodecReadException($"\"{text}\" is not an ISO 8601 datetime");
    }

    private static readonly DateTimeTransformer Inner = new();

    public override Literal Encode(DateTimeOffset value) => new Primitive.Datetime(value.UtcDateTime);

    protected override bool TryDecode(Primitive primitive, out DateTimeOffset value)
    {
        value = default;
        if (primitive is not (Primitive.Datetime or Primitive.StringValue)) return false;
        value = new DateTimeOffset(Inner.Decode(new Literal(primitive)), TimeSpan.Zero);
        return true;
    }
}

/// <summary><c>DateOnly</c> ⇄ Flyte DATETIME at UTC midnight, flytekit's <c>date</c>; decoding takes the UTC date (or a <c>YYYY-MM-DD</c> string).</summary>
internal sealed class DateOnlyTransformer() : ScalarTransformer<DateOnly>("date", LiteralType.Of(SimpleType.Datetime))
{
    /// <summary><c>date.isoformat()</c> text.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, DateOnly value, MsgPackContext context) =>
        writer.WriteString(PythonFormats.IsoFormat(value));

    /// <inheritdoc />
    public override DateOnly ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a date");
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new CodecReadException($"\"{text}\" is not a date (YYYY-MM-DD)");
    }

    public override Literal Encode(DateOnly value) => new Primitive.Datetime(value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    protected override bool TryDecode(Primitive primitive, out DateOnly value)
    {
        value = default;
        switch (primitive)
        {
            case Primitive.Datetime d:
                value = DateOnly.FromDateTime(d.Value);
                return true;
            case Primitive.StringValue s:
                if (DateOnly.TryParseExact(s.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)) return true;
                if (TimeText.TryParseUtc(s.Value, out var utc)) { value = DateOnly.FromDateTime(utc); return true; }
                throw BadValue(s.ToString(), "It is not an ISO 8601 date.");
            default:
                return false;
        }
    }
}

/// <summary>
/// <c>TimeSpan</c> ⇄ Flyte DURATION, flytekit's <c>timedelta</c>. Decoding also accepts float seconds (mashumaro's
/// timedelta inside a record) and ISO 8601 duration text (pydantic's).
/// </summary>
internal sealed class TimeSpanTransformer() : ScalarTransformer<TimeSpan>("timedelta", LiteralType.Of(SimpleType.Duration))
{
    /// <summary><c>timedelta.total_seconds()</c> as float64, as mashumaro writes it; ISO 8601 text (pydantic) is read too.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TimeSpan value, MsgPackContext context) =>
        writer.Write(PythonFormats.ToSeconds(value));

    /// <inheritdoc />
    public override TimeSpan ReadMsgPack(ref MessagePackReader reader, MsgPackContext context) => reader.PeekType() == MessagePackType.String
        ? PythonFormats.ParseDuration(reader.ReadString())
        : PythonFormats.FromSeconds(reader.ReadDouble());

    public override Literal Encode(TimeSpan value) => new Primitive.Duration(value);

    protected override bool TryDecode(Primitive primitive, out TimeSpan value)
    {
        value = default;
        switch (primitive)
        {
            case Primitive.Duration d:
                value = d.Value;
                return true;
            case Primitive.FloatValue f:
                try
                {
                    value = PythonFormats.FromSeconds(f.Value);
                }
                catch (OverflowException)
                {
                    throw BadValue(f.ToString(), "It overflows a TimeSpan.");
                }
                return true;
            case Primitive.Integer i when i.Value is > -922337203685L and < 922337203685L:
                value = TimeSpan.FromSeconds(i.Value);
                return true;
            case Primitive.StringValue s:
                try
                {
                    value = XmlConvert.ToTimeSpan(s.Value);
                    return true;
                }
                catch (FormatException e)
                {
                    throw new TypeTransformerException(LiteralType, s.ToString(), "It is not an ISO 8601 duration.", e);
                }
            default:
                return false;
        }
    }
}

/// <summary>
/// <c>TimeOnly</c> ⇄ Flyte STRING holding <c>time.isoformat()</c> (<c>HH:MM:SS[.ffffff]</c>), as mashumaro writes a
/// <c>datetime.time</c>; Flyte has no time-of-day type.
/// </summary>
internal sealed class TimeOnlyTransformer() : ScalarTransformer<TimeOnly>("str", LiteralType.Of(SimpleType.String))
{
    public override Literal Encode(TimeOnly value) => new Primitive.StringValue(PythonFormats.IsoFormat(value));

    protected override bool TryDecode(Primitive primitive, out TimeOnly value)
    {
        value = default;
        if (primitive is not Primitive.StringValue s) return false;
        return TimeOnly.TryParse(s.Value, CultureInfo.InvariantCulture, out value) ? true : throw BadValue(s.ToString(), "It is not a time of day.");
    }

    /// <summary><c>time.isoformat()</c> text.</summary>
    public override void WriteMsgPack(ref MessagePackWriter writer, TimeOnly value, MsgPackContext context) =>
        writer.WriteString(PythonFormats.IsoFormat(value));

    /// <inheritdoc />
    public override TimeOnly ReadMsgPack(ref MessagePackReader reader, MsgPackContext context)
    {
        var text = MsgPackRead.Text(ref reader, "a time");
        return TimeOnly.TryParse(text, CultureInfo.InvariantCulture, out var t) ? t : throw new CodecReadException($"\"{text}\" is not a time");
    }
}
