using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Ingestion;

public enum EventOutcome
{
    Stored,
    Duplicate,
}

/// <param name="AckSeq">Highest seq committed for the device (what the EventAck carries).</param>
/// <param name="Gap">Missing seq range detected by this event, if any.</param>
public sealed record EventCommitResult(EventOutcome Outcome, long AckSeq, (long From, long To)? Gap, int NotificationsQueued);

/// <summary>Stores one event exactly once per (device, seq) inside a caller's transaction.</summary>
public sealed class EventStore(IEnumerable<IEventProjection> projections, ILogger<EventStore> logger)
{
    private readonly IEventProjection[] _projections = projections.ToArray();

    public async Task<EventCommitResult> ApplyAsync(PassageEvent e, DateTimeOffset receivedAt, EventScope scope)
    {
        var (connection, tx) = (scope.Connection, scope.Transaction);
        var receivedMs = receivedAt.ToUnixTimeMilliseconds();
        // The event is kept whatever its clock said (nothing is lost), but a time no reader can
        // convert is stored as 0, the protocol's "unknown": otherwise one device with a broken
        // clock would make every listing of events fail.
        var deviceTs = UnixTime.IsRepresentable(e.Ts) ? e.Ts : 0;
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO device_events (device_id, seq, type, card_id, reason, offline, device_ts, received_at)
            VALUES (@DeviceId, @Seq, @Type, @CardId, @Reason, @offline, @deviceTs, @receivedMs)
            ON CONFLICT DO NOTHING
            """,
            new { e.DeviceId, e.Seq, e.Type, e.CardId, e.Reason, offline = e.Offline ? 1 : 0, deviceTs, receivedMs }, tx);

        var maxSeq = await connection.ExecuteScalarAsync<long?>(
            "SELECT max_seq FROM device_cursors WHERE device_id = @DeviceId", new { e.DeviceId }, tx) ?? 0;
        if (inserted == 0)
        {
            return new EventCommitResult(EventOutcome.Duplicate, maxSeq, null, 0);
        }

        scope.AfterCommit(() => logger.LogInformation("Event {DeviceId}#{Seq}: {Type} card {CardId} ({Reason}{Offline})",
            e.DeviceId, e.Seq, e.Type, e.CardId, e.Reason, e.Offline ? ", decided offline" : ""));

        (long, long)? gap = null;
        // Not "e.Seq > maxSeq + 1": after a seq of long.MaxValue that sum wraps negative and every
        // later event would report a gap starting at long.MinValue.
        if (e.Seq - 1 > maxSeq)
        {
            gap = (maxSeq + 1, e.Seq - 1);
            await connection.ExecuteAsync("""
                INSERT INTO device_gaps (device_id, from_seq, to_seq, detected_at) VALUES (@DeviceId, @from, @to, @receivedMs)
                ON CONFLICT DO NOTHING
                """,
                new { e.DeviceId, from = maxSeq + 1, to = e.Seq - 1, receivedMs }, tx);
        }

        if (e.Seq > maxSeq)
        {
            maxSeq = e.Seq;
            await connection.ExecuteAsync("""
                INSERT INTO device_cursors (device_id, max_seq) VALUES (@DeviceId, @Seq)
                ON CONFLICT (device_id) DO UPDATE SET max_seq = excluded.max_seq
                """,
                new { e.DeviceId, e.Seq }, tx);
        }

        var device = await connection.QuerySingleOrDefaultAsync<EventDevice>(
            "SELECT device_id AS DeviceId, school_id AS SchoolId, kind AS Kind FROM devices WHERE device_id = @DeviceId",
            new { e.DeviceId }, tx);
        if (device is not null)
        {
            var student = await connection.QuerySingleOrDefaultAsync<EventStudent>("""
                SELECT s.id AS Id, s.first_name AS FirstName, s.school_id AS SchoolId
                FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @CardId
                """,
                new { e.CardId }, tx);
            var stored = new StoredEvent(e, receivedAt, device, student);
            foreach (var projection in _projections)
            {
                await projection.ApplyAsync(stored, scope);
            }
        }

        return new EventCommitResult(EventOutcome.Stored, maxSeq, gap, scope.NotificationsQueued);
    }
}
