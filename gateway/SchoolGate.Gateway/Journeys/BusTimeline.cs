using Dapper;
using SchoolGate.Gateway.Notifications.Telegram;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// The bus part of a child's day: their journey events (both sources), timed by when the tap
/// happened. The parent's detail is the route and vehicle ("№12, 045"), in every language alike.
/// </summary>
public sealed class BusTimeline(IDbConnectionFactory db) : ITimelineSource
{
    private sealed record Row(long StudentId, string Type, string? Route, string? Vehicle, long OccurredAt, string? DeviceId);

    public async Task<IReadOnlyList<TimelineEntry>> ReadAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (studentIds.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>($"""
            SELECT student_id AS StudentId, type AS Type, route AS Route, vehicle AS Vehicle, occurred_at AS OccurredAt, device_id AS DeviceId
            FROM journey_events
            WHERE {db.Dialect.IsAnyOf("student_id", "@studentIds")} AND occurred_at >= @from AND occurred_at < @to
            """, new { studentIds = studentIds.ToArray(), from = UnixTime.ToMs(from), to = UnixTime.ToMs(to) });
        return [.. rows.Select(r => new TimelineEntry(r.StudentId, UnixTime.FromMs(r.OccurredAt), r.Type, Detail(r.Route, r.Vehicle), r.DeviceId,
            r.Route, r.Vehicle))];
    }

    public static string? Detail(string? route, string? vehicle) => (route, vehicle) switch
    {
        (null, null) => null,
        ({ } r, null) => $"№{r}",
        (null, { } v) => v,
        ({ } r, { } v) => $"№{r}, {v}",
    };
}
