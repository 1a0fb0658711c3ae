using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Flyte.Types.Offloaded;

/// <summary>
/// Cells as pandas' <c>DataFrame.to_csv</c> prints them (what flytekit's CSV encoder writes): <c>True</c>/<c>False</c>, floats
/// in Python's <c>repr</c> (<c>1.0</c>, <c>1e+20</c>), null and NaN as an empty field, times as <c>2024-01-02 03:04:05</c> with
/// <c>.ffffff</c> when any value of the column has a fraction, only the date when every value of a naive column is at
/// midnight, <c>+00:00</c> for UTC, and durations as <c>0 days 01:00:00</c>.
/// </summary>
internal static partial class CsvCells
{
    /// <summary>The text of each cell of one column (<paramref name="kind"/>), formatted column-wide as pandas does.</summary>
    public static string[] Column(IReadOnlyList<object?> cells, SimpleType kind)
    {
        var times = cells.OfType<DateTime>().ToList();
        var withFraction = times.Any(t => t.Ticks % TimeSpan.TicksPerSecond != 0)
            || cells.OfType<TimeSpan>().Any(t => t.Ticks % TimeSpan.TicksPerSecond != 0);
        var datesOnly = kind == SimpleType.Datetime && times.Count > 0 && times.All(t => t.Kind != DateTimeKind.Utc && t.TimeOfDay == TimeSpan.Zero);
        return cells.Select(cell => cell switch
        {
            null => "",
            string s => s,
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => PythonFloat(d),
            DateTime t => Time(t, datesOnly, withFraction),
            TimeSpan t => Duration(t, withFraction),
            _ => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "",
        }).ToArray();
    }

    private static string Time(DateTime t, bool datesOnly, bool withFraction)
    {
        if (datesOnly) return t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var text = t.ToString(withFraction ? "yyyy-MM-dd HH:mm:ss.ffffff" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return t.Kind == DateTimeKind.Utc ? text + "+00:00" : text;
    }

    private static string Duration(TimeSpan t, bool withFraction)
    {
        var days = (long)Math.Floor((double)t.Ticks / TimeSpan.TicksPerDay);
        var rest = new TimeSpan(t.Ticks - days * TimeSpan.TicksPerDay);
        var text = $"{days} days {(days < 0 ? "+" : "")}{rest.Hours:00}:{rest.Minutes:00}:{rest.Seconds:00}";
        return withFraction ? text + "." + (rest.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", CultureInfo.InvariantCulture) : text;
    }

    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, fixed notation for exponents -4..15, else <c>1e+20</c>.</summary>
    public static string PythonFloat(double value)
    {
        if (double.IsNaN(value)) return "";
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

    /// <summary>A duration as pandas prints one (<c>-1 days +23:00:00.500000</c>), or in .NET's <c>c</c> form.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = PandasDuration().Match(text);
        if (!match.Success) return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        var days = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var clock = TimeSpan.ParseExact(match.Groups[3].Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var fraction = match.Groups[4].Success ? (long)Math.Round(double.Parse("0" + match.Groups[4].Value, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond) : 0;
        var sign = match.Groups[2].Value == "-" ? -1 : 1;
        return TimeSpan.FromDays(days) + sign * (clock + TimeSpan.FromTicks(fraction));
    }

    [GeneratedRegex(@"^(-?\d+) days? ([+-]?)(\d{2}:\d{2}:\d{2})(\.\d+)?$")]
    private static partial Regex PandasDuration();
}
