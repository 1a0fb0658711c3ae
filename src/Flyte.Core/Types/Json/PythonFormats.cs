using System.Globalization;
using System.Text;
using System.Xml;

namespace Flyte.Types.Json;

/// <summary>The text forms Python writes: <c>isoformat()</c>/<c>fromisoformat()</c> (which mashumaro puts in msgpack) and <c>repr(float)</c>.</summary>
internal static class PythonFormats
{
    /// <summary><c>datetime.isoformat()</c>: <c>2024-01-02T03:04:05[.ffffff]+00:00</c>; an unspecified kind is naive (no offset).</summary>
    public static string IsoFormat(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => Format(value, TimeSpan.Zero),
        DateTimeKind.Local => IsoFormat(new DateTimeOffset(value)),
        _ => Format(value, null),
    };

    /// <summary><c>datetime.isoformat()</c> of an aware datetime.</summary>
    public static string IsoFormat(DateTimeOffset value) => Format(value.DateTime, value.Offset);

    private static string Format(DateTime local, TimeSpan? offset)
    {
        var micros = local.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (micros != 0) text += "." + micros.ToString("D6", CultureInfo.InvariantCulture);
        if (offset is { } o)
            text += (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary><c>date.isoformat()</c>.</summary>
    public static string IsoFormat(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>time.isoformat()</c>.</summary>
    public static string IsoFormat(TimeOnly value)
    {
        var micros = value.Ticks % TimeSpan.TicksPerSecond / 10;
        var text = value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return micros == 0 ? text : text + "." + micros.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Parses an ISO 8601 datetime (Python's, pydantic's <c>Z</c> form, any fraction); offset-less text stays unspecified.</summary>
    public static DateTimeOffset? ParseDateTime(string text, out bool hasOffset)
    {
        hasOffset = text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text);
        if (hasOffset)
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var aware) ? aware : null;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var naive)
            ? new DateTimeOffset(DateTime.SpecifyKind(naive, DateTimeKind.Unspecified), TimeSpan.Zero) : null;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T');
        if (t < 0) t = text.IndexOf(' ');
        if (t < 0) return false;
        return text.IndexOf('+', t) > 0 || text.IndexOf('-', t) > 0;
    }

    /// <summary>A duration written as float seconds (mashumaro) or an ISO 8601 duration (pydantic, <c>PT1M30S</c>).</summary>
    public static TimeSpan ParseDuration(string text) => XmlConvert.ToTimeSpan(text);

    /// <summary>
    /// The one duration rule of msgpack (and of float seconds anywhere): <c>timedelta.total_seconds()</c>, float64
    /// seconds of a whole number of microseconds (Python's resolution; sub-microsecond ticks are dropped).
    /// Literals keep the protobuf <c>Duration</c> (100 ns ticks survive there).
    /// </summary>
    public static double ToSeconds(TimeSpan value) => (double)(value.Ticks / 10) / 1_000_000;

    /// <summary>Float seconds back to a TimeSpan, rounded to the microsecond (the inverse of <see cref="ToSeconds"/>).</summary>
    /// <exception cref="OverflowException">The seconds do not fit a TimeSpan.</exception>
    public static TimeSpan FromSeconds(double seconds)
    {
        var micros = Math.Round(seconds * 1_000_000, MidpointRounding.ToEven);
        if (!double.IsFinite(micros) || micros >= 922337203685477580.0 || micros < -922337203685477580.0)
            throw new OverflowException($"{seconds} seconds do not fit a TimeSpan.");
        return TimeSpan.FromTicks((long)micros * 10);
    }

    /// <summary>
    /// Python's <c>repr(float)</c> (also <c>str</c> and <c>json.dumps</c> of a finite float): the shortest round-trip digits,
    /// fixed notation with at least one decimal for exponents -4..15 (<c>1.0</c>, <c>0.0001</c>), else <c>1e+16</c>.
    /// </summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        // The digits of the shortest round-trip form and its decimal exponent (position of the first digit).
        var mantissa = roundTrip.Split('E')[0];
        var exponentPart = roundTrip.Contains('E') ? int.Parse(roundTrip.Split('E')[1], CultureInfo.InvariantCulture) : 0;
        var point = mantissa.IndexOf('.');
        var digits = (point < 0 ? mantissa : mantissa.Remove(point, 1)).TrimStart('0');
        var leadingZeros = (point < 0 ? mantissa : mantissa.Remove(point, 1)).Length - digits.Length;
        var exponent = (point < 0 ? mantissa.Length : point) - 1 - leadingZeros + exponentPart;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        var text = new StringBuilder(value < 0 ? "-" : "");
        if (exponent is >= -4 and < 16)
        {
            if (exponent < 0) text.Append("0.").Append('0', -exponent - 1).Append(digits);
            else if (digits.Length <= exponent + 1) text.Append(digits).Append('0', exponent + 1 - digits.Length).Append(".0");
            else text.Append(digits, 0, exponent + 1).Append('.').Append(digits, exponent + 1, digits.Length - exponent - 1);
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1) text.Append('.').Append(digits, 1, digits.Length - 1);
            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
