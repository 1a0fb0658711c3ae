namespace Flyte.MessagePack;

/// <summary>
/// The value of the MessagePack timestamp extension (type -1): seconds since 1970-01-01T00:00:00Z and a nanosecond part.
/// It spans more than <see cref="DateTime"/> and is finer than its 100 ns ticks, so reading it never loses anything.
/// </summary>
public readonly record struct MessagePackTimestamp
{
    private const long NanosecondsPerTick = 100;

    /// <summary>Creates a timestamp; <paramref name="nanoseconds"/> must be below one billion.</summary>
    public MessagePackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(nanoseconds, 1_000_000_000u);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    /// <summary>Whole seconds since the Unix epoch (negative before 1970).</summary>
    public long Seconds { get; }

    /// <summary>Nanoseconds added to <see cref="Seconds"/>, always in [0, 999 999 999].</summary>
    public uint Nanoseconds { get; }

    /// <summary>The timestamp of a <see cref="DateTime"/>; local times are converted to UTC, unspecified ones taken as UTC.</summary>
    public static MessagePackTimestamp FromDateTime(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
        var ticks = value.Ticks - DateTime.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new(seconds, (uint)(remainder * NanosecondsPerTick));
    }

    /// <summary>Whether <see cref="ToDateTime"/> can represent this timestamp (years 1–9999).</summary>
    public bool FitsDateTime =>
        Seconds >= (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond &&
        Seconds <= (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond;

    /// <summary>The UTC <see cref="DateTime"/>; nanoseconds below the 100 ns tick are dropped.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The timestamp lies outside years 1–9999.</exception>
    public DateTime ToDateTime()
    {
        if (!FitsDateTime) throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "The timestamp lies outside the range of DateTime.");
        return new DateTime(DateTime.UnixEpoch.Ticks + Seconds * TimeSpan.TicksPerSecond + Nanoseconds / NanosecondsPerTick, DateTimeKind.Utc);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Seconds}.{Nanoseconds:D9}s";
}
