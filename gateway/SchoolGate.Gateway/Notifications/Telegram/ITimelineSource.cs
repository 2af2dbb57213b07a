namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Where a part of a child's day comes from (the turnstiles, the bus; the canteen later). Parents'
/// /today and the staff's timeline (GET /api/students/{id}/timeline) merge every registered source.
/// </summary>
public interface ITimelineSource
{
    /// <summary>The entries of <paramref name="studentIds"/> that happened in [<paramref name="from"/>, <paramref name="to"/>), as a parent sees them.</summary>
    Task<IReadOnlyList<TimelineEntry>> ReadAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The same for school staff, who may see more (a refused passage at the entrance); by default what a parent sees.</summary>
    Task<IReadOnlyList<TimelineEntry>> ReadForStaffAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) => ReadAsync(studentIds, from, to, ct);
}
