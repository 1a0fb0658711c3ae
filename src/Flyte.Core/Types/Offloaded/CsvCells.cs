using System.Globalization;
using System.Text.RegularExpressions;
using Flyte.Types.Json;

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
            double d => double.IsNaN(d) ? "" : PythonFormats.FloatRepr(d),
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
