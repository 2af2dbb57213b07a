using SchoolGate.Gateway.Attendance;

namespace SchoolGate.Gateway.Notifications;

/// <summary>What a guardian chose: every event at once or a digest, and quiet hours (school-local).</summary>
/// <param name="QuietFrom">Minutes after local midnight; with <paramref name="QuietTo"/> before it, the quiet hours span midnight.</param>
public sealed record ParentPreferences(string? NotifyMode, long? QuietFrom, long? QuietTo)
{
    public const string EachEvent = "each";
    public const string Digest = "digest";

    /// <summary>
    /// The earliest instant a message queued at <paramref name="queuedAt"/> may go: urgent messages
    /// at once, whatever was chosen; others at the next digest time in digest mode, and never inside
    /// quiet hours (moved to their end).
    /// </summary>
    public DateTimeOffset? NotBefore(int priority, DateTimeOffset queuedAt, SchoolClock clock, TimeOnly digestAt)
    {
        if (DeliveryPriority.IsUrgent(priority))
        {
            return null;
        }

        var at = queuedAt;
        if (NotifyMode == Digest)
        {
            at = NextLocal(at, digestAt, clock);
        }

        if (QuietFrom is { } from && QuietTo is { } to && from != to && IsQuiet(clock.ToLocal(at), from, to))
        {
            at = NextLocal(at, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(to)), clock);
        }

        return at == queuedAt ? null : at;
    }

    private static bool IsQuiet(DateTimeOffset local, long from, long to)
    {
        var minute = local.Hour * 60 + local.Minute;
        return from < to ? minute >= from && minute < to : minute >= from || minute < to;
    }

    /// <summary>The first instant at or after <paramref name="after"/> whose school-local clock reads <paramref name="time"/>.</summary>
    private static DateTimeOffset NextLocal(DateTimeOffset after, TimeOnly time, SchoolClock clock)
    {
        var local = clock.ToLocal(after);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 3; i++, day = day.AddDays(1))
        {
            var wall = day.ToDateTime(time);
            var candidate = new DateTimeOffset(wall, clock.Zone.GetUtcOffset(wall));
            if (candidate >= after)
            {
                return candidate.ToUniversalTime();
            }
        }

        return after;
    }
}
