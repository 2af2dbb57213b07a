using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The turnstile part of a child's day: their passages in and out (refused and abandoned ones
/// are not the parent's business; staff see the refused ones too), at a turnstile of the child's own school, timed as
/// attendance times them (<see cref="StoredEvent.OccurredAt"/>). Conflicting events (a
/// restarted seq counter) are real passages too.
/// </summary>
public sealed class TurnstileTimeline(IDbConnectionFactory db) : ITimelineSource
{
    // device_ts is trusted up to 5 minutes ahead of receipt, so a passage of the day can only have
    // been received from 5 minutes before the day on: the index on received_at narrows the scan.
    private static readonly TimeSpan DeviceClockAhead = TimeSpan.FromMinutes(5);

    public Task<IReadOnlyList<TimelineEntry>> ReadAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        ReadAsync(studentIds, from, to, [PassageTypes.Entered, PassageTypes.Exited], ct);

    public Task<IReadOnlyList<TimelineEntry>> ReadForStaffAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct) =>
        ReadAsync(studentIds, from, to, [PassageTypes.Entered, PassageTypes.Exited, PassageTypes.Refused], ct);

    private async Task<IReadOnlyList<TimelineEntry>> ReadAsync(IReadOnlyCollection<long> studentIds, DateTimeOffset from, DateTimeOffset to,
        string[] types, CancellationToken ct)
    {
        if (studentIds.Count == 0)
        {
            return [];
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT c.student_id AS StudentId, e.device_id AS DeviceId, e.type AS Type, e.device_ts AS DeviceTs, e.received_at AS ReceivedAt
            FROM (SELECT device_id, type, card_id, device_ts, received_at FROM device_events WHERE received_at >= @since
                  UNION ALL
                  SELECT device_id, type, card_id, device_ts, received_at FROM device_event_conflicts WHERE received_at >= @since) e
            JOIN cards c ON c.card_id = e.card_id
            JOIN students s ON s.id = c.student_id
            JOIN devices d ON d.device_id = e.device_id AND d.school_id = s.school_id
            WHERE {db.Dialect.IsAnyOf("c.student_id", "@studentIds")} AND {db.Dialect.IsAnyOf("e.type", "@types")} AND d.kind = @turnstile
            """,
            new
            {
                since = UnixTime.ToMs(from - DeviceClockAhead),
                studentIds = studentIds.ToArray(),
                types,
                turnstile = DeviceKinds.Turnstile,
            });
        return
        [
            .. rows.Select(r => new TimelineEntry(r.StudentId, StoredEvent.OccurredAtOf(r.DeviceTs, UnixTime.FromMs(r.ReceivedAt)), r.Type,
                    DeviceId: r.DeviceId))
                .Where(e => e.At >= from && e.At < to),
        ];
    }

    private sealed record Row(long StudentId, string DeviceId, string Type, long DeviceTs, long ReceivedAt);
}
