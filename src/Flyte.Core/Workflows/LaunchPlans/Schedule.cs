namespace Flyte.Workflows;

/// <summary>
/// When FlyteAdmin's scheduler starts a launch plan (<c>admin.Schedule</c>): a cron expression or a fixed rate, as
/// flytekit's <c>CronSchedule</c> and <c>FixedRate</c> write them.
/// </summary>
public abstract record Schedule
{
    private protected Schedule() { }

    /// <summary>The workflow input (a datetime) that receives the scheduled kick-off time; null for none.</summary>
    public string? KickoffTimeInputArg { get; init; }

    /// <summary>A cron schedule (<c>cron_schedule</c>): five fields (<c>0 9 * * 1-5</c>) or an alias (<c>@hourly</c>).</summary>
    /// <exception cref="ArgumentException">The expression has neither five fields nor a known alias.</exception>
    public static CronSchedule Cron(string expression, string? kickoffTimeInputArg = null, string? offset = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!CronSchedule.Aliases.Contains(expression.Trim().ToLowerInvariant()) && fields.Length != 5)
            throw new ArgumentException(
                $"Schedule is invalid: '{expression}' has {fields.Length} field(s); expected 5 (minute hour day-of-month month day-of-week) or one of {string.Join(", ", CronSchedule.Aliases)}.",
                nameof(expression));
        return new CronSchedule(expression, offset) { KickoffTimeInputArg = kickoffTimeInputArg };
    }

    /// <summary>
    /// A fixed rate (<c>rate</c>), in whole days, else whole hours, else whole minutes, as flytekit translates a
    /// <c>timedelta</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The interval is not a positive whole number of minutes.</exception>
    public static FixedRateSchedule FixedRate(TimeSpan interval, string? kickoffTimeInputArg = null)
    {
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentException($"Granularity of less than a minute is not supported for FixedRate schedules. Received: {interval}", nameof(interval));
        var minutes = (long)interval.TotalMinutes;
        var (value, unit) = minutes % (24 * 60) == 0 ? (minutes / (24 * 60), FixedRateUnit.Day)
            : minutes % 60 == 0 ? (minutes / 60, FixedRateUnit.Hour)
            : (minutes, FixedRateUnit.Minute);
        return new FixedRateSchedule(checked((uint)value), unit) { KickoffTimeInputArg = kickoffTimeInputArg };
    }
}

/// <summary>A cron schedule (<c>admin.CronSchedule</c>).</summary>
/// <param name="Expression">The cron expression or alias.</param>
/// <param name="Offset">An ISO 8601 duration added to each scheduled time; null for none.</param>
public sealed record CronSchedule(string Expression, string? Offset = null) : Schedule
{
    /// <summary>The aliases FlyteAdmin's scheduler accepts besides five-field expressions.</summary>
    public static IReadOnlyList<string> Aliases { get; } = ["hourly", "hours", "@hourly", "daily", "days", "@daily", "weekly", "weeks", "@weekly",
        "monthly", "months", "@monthly", "annually", "@annually", "yearly", "years", "@yearly"];
}

/// <summary>The unit of a fixed rate (<c>admin.FixedRateUnit</c>).</summary>
public enum FixedRateUnit
{
    /// <summary>Minutes.</summary>
    Minute = 0,
    /// <summary>Hours.</summary>
    Hour = 1,
    /// <summary>Days.</summary>
    Day = 2,
}

/// <summary>A fixed-rate schedule (<c>admin.FixedRate</c>).</summary>
/// <param name="Value">How many units between runs.</param>
/// <param name="Unit">The unit.</param>
public sealed record FixedRateSchedule(uint Value, FixedRateUnit Unit) : Schedule;
