namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>Where a part of the timeline comes from (turnstiles now; the bus and the canteen later).</summary>
public interface ITimelineSource
{
    /// <summary>The entries of <paramref name="studentIds"/> that happened in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    Task<IReadOnlyList<TimelineEntry>> ReadAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
