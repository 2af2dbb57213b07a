using System.Data.Common;
using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <summary>Whether a child came through their own school's entrance since an instant, as the stored turnstile events say.</summary>
public static class EntranceChecks
{
    // device_ts is trusted up to 5 minutes ahead of receipt (StoredEvent.OccurredAt), so an entry
    // after the instant can only have been received from 5 minutes before it on.
    private static readonly TimeSpan DeviceClockAhead = TimeSpan.FromMinutes(5);

    /// <summary>The first entry at or after <paramref name="since"/>, or null.</summary>
    public static async Task<DateTimeOffset?> FirstEntrySinceAsync(DbConnection connection, DbTransaction transaction, long studentId,
        DateTimeOffset since)
    {
        var rows = await connection.QueryAsync<(long DeviceTs, long ReceivedAt)>("""
            SELECT e.device_ts, e.received_at
            FROM (SELECT device_id, type, card_id, device_ts, received_at FROM device_events WHERE received_at >= @from
                  UNION ALL
                  SELECT device_id, type, card_id, device_ts, received_at FROM device_event_conflicts WHERE received_at >= @from) e
            JOIN cards c ON c.card_id = e.card_id
            JOIN students s ON s.id = c.student_id
            JOIN devices d ON d.device_id = e.device_id AND d.school_id = s.school_id
            WHERE c.student_id = @studentId AND e.type = @entered AND d.kind = @turnstile
            """,
            new { from = UnixTime.ToMs(since - DeviceClockAhead), studentId, entered = PassageTypes.Entered, turnstile = DeviceKinds.Turnstile },
            transaction);
        return rows.Select(r => StoredEvent.OccurredAtOf(r.DeviceTs, UnixTime.FromMs(r.ReceivedAt)))
            .Where(at => at >= since)
            .Order()
            .Select(at => (DateTimeOffset?)at)
            .FirstOrDefault();
    }
}
