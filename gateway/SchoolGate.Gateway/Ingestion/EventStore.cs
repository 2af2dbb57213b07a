using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Ingestion;

public enum EventOutcome
{
    Stored,
    Duplicate,

    /// <summary>The (device, seq) was already stored with other content; kept in device_event_conflicts.</summary>
    Conflict,

    /// <summary>Not stored: the seq jumps more than Ingestion:MaxSeqJump above the device's highest one.</summary>
    Refused,
}

/// <param name="AckSeq">
/// What the EventAck carries: every seq of the device up to it is stored, or was given up (see <see cref="AckCursor"/>).
/// </param>
/// <param name="Gap">Missing seq range detected by this event, if any.</param>
/// <param name="ConflictId">Row of device_event_conflicts when <paramref name="Outcome"/> is Conflict.</param>
/// <param name="FilledGap">A gap whose last missing event this one was, if any.</param>
/// <param name="MaxSeq">Highest seq stored for the device.</param>
/// <param name="Abandoned">Holes below the ack given up by this commit (their events are lost).</param>
public sealed record EventCommitResult(EventOutcome Outcome, long AckSeq, (long From, long To)? Gap, int NotificationsQueued,
    long? ConflictId = null, (long From, long To)? FilledGap = null, long MaxSeq = 0, IReadOnlyList<(long From, long To)>? Abandoned = null)
{
    /// <summary>Nothing written; <see cref="MaxSeq"/> is the device's highest stored seq the event was measured against.</summary>
    public static EventCommitResult Refused(long maxSeq) => new(EventOutcome.Refused, 0, null, 0, MaxSeq: maxSeq);
}

/// <summary>Stores one event exactly once per (device, seq) inside a caller's transaction.</summary>
public sealed class EventStore(IEnumerable<IEventProjection> projections, AckCursor cursor, IOptions<IngestionOptions> options,
    ILogger<EventStore> logger)
{
    private readonly IEventProjection[] _projections = projections.ToArray();

    public async Task<EventCommitResult> ApplyAsync(PassageEvent e, DateTimeOffset receivedAt, EventScope scope)
    {
        var (connection, tx) = (scope.Connection, scope.Transaction);
        var before = await cursor.ReadAsync(e.DeviceId, scope);
        var maxSeq = before?.MaxSeq ?? 0;
        // Both are positive, so the difference cannot overflow. A seq at or below maxSeq is a re-send,
        // a late arrival or a conflict, never a jump.
        if (e.Seq - maxSeq > options.Value.MaxSeqJump)
        {
            return EventCommitResult.Refused(maxSeq);
        }

        var row = EventRow.From(e, receivedAt);
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO device_events (device_id, seq, type, card_id, reason, offline, device_ts, received_at, route, vehicle, lat_e7, lon_e7)
            VALUES (@DeviceId, @Seq, @Type, @CardId, @Reason, @Offline, @DeviceTs, @ReceivedAt, @Route, @Vehicle, @LatE7, @LonE7)
            ON CONFLICT DO NOTHING
            """, row, tx);

        if (inserted == 0)
        {
            return await ApplyRepeatedSeqAsync(e, row, before, scope);
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
                new { e.DeviceId, from = maxSeq + 1, to = e.Seq - 1, receivedMs = row.ReceivedAt }, tx);
        }

        (long, long)? filledGap = null;
        if (e.Seq < maxSeq)
        {
            filledGap = await CountLateArrivalAsync(row, scope);
        }

        var move = await cursor.MoveAsync(e.DeviceId, before, e.Seq, row.ReceivedAt, scope);
        await ProjectAsync(e, receivedAt, null, scope);
        return new EventCommitResult(EventOutcome.Stored, move.Cursor.AckedSeq, gap, scope.NotificationsQueued, FilledGap: filledGap,
            MaxSeq: move.Cursor.MaxSeq, Abandoned: move.Abandoned);
    }

    /// <summary>
    /// A newly stored event below the device's highest seq may be one a gap was waiting for. It is
    /// new (the insert succeeded), so counting it once per gap is exact; gaps of one device never
    /// overlap, since each starts above the highest seq seen when it was detected.
    /// </summary>
    private static async Task<(long, long)?> CountLateArrivalAsync(EventRow row, EventScope scope)
    {
        var gap = await scope.Connection.QuerySingleOrDefaultAsync<(long From, long To, long? FilledAt)?>("""
            UPDATE device_gaps SET arrived = arrived + 1,
                filled_at = CASE WHEN arrived + 1 > to_seq - from_seq THEN @ReceivedAt ELSE NULL END
            WHERE device_id = @DeviceId AND @Seq BETWEEN from_seq AND to_seq
            RETURNING from_seq, to_seq, filled_at
            """, row, scope.Transaction);
        return gap is { FilledAt: not null } filled ? (filled.From, filled.To) : null;
    }

    /// <summary>
    /// A seq already stored. The same content (the original, or a conflict kept earlier) is a
    /// re-sent copy: no second effect. Other content means the device's seq counter restarted (a
    /// wiped or replaced controller under the same id) and this is a new, real passage: acking it
    /// as a duplicate would silently lose it, so it is kept as a conflict and projected.
    /// </summary>
    private async Task<EventCommitResult> ApplyRepeatedSeqAsync(PassageEvent e, EventRow row, DeviceCursor? before, EventScope scope)
    {
        var (connection, tx) = (scope.Connection, scope.Transaction);
        const string sameContent = """
            device_id = @DeviceId AND seq = @Seq AND type = @Type AND card_id = @CardId AND reason = @Reason
            AND offline = @Offline AND device_ts = @DeviceTs
            """;
        var known = await connection.ExecuteScalarAsync<long?>($"""
            SELECT 1 FROM device_events WHERE {sameContent}
            UNION ALL SELECT 1 FROM device_event_conflicts WHERE {sameContent}
            LIMIT 1
            """, row, tx);
        // A re-sent copy may be what a hole older than the gap timeout waits behind: move the cursor too.
        var move = await cursor.MoveAsync(e.DeviceId, before, null, row.ReceivedAt, scope);
        if (known is not null)
        {
            return new EventCommitResult(EventOutcome.Duplicate, move.Cursor.AckedSeq, null, 0, MaxSeq: move.Cursor.MaxSeq,
                Abandoned: move.Abandoned);
        }

        // Select-then-insert is race-free: the device's events are applied in sequence (see AckCursor.MoveAsync).
        var conflictId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO device_event_conflicts (device_id, seq, type, card_id, reason, offline, device_ts, received_at, route, vehicle, lat_e7, lon_e7)
            VALUES (@DeviceId, @Seq, @Type, @CardId, @Reason, @Offline, @DeviceTs, @ReceivedAt, @Route, @Vehicle, @LatE7, @LonE7)
            RETURNING id
            """, row, tx);
        await ProjectAsync(e, UnixTime.FromMs(row.ReceivedAt), conflictId, scope);
        // A wiped controller restarts below what its earlier life left, so the ack is normally
        // above its new seqs and makes it jump its counter past them (see the firmware's journal).
        return new EventCommitResult(EventOutcome.Conflict, move.Cursor.AckedSeq, null, scope.NotificationsQueued, conflictId,
            MaxSeq: move.Cursor.MaxSeq, Abandoned: move.Abandoned);
    }

    private async Task ProjectAsync(PassageEvent e, DateTimeOffset receivedAt, long? conflictId, EventScope scope)
    {
        var (connection, tx) = (scope.Connection, scope.Transaction);
        var device = await connection.QuerySingleOrDefaultAsync<EventDevice>(
            "SELECT device_id AS DeviceId, school_id AS SchoolId, kind AS Kind FROM devices WHERE device_id = @DeviceId",
            new { e.DeviceId }, tx);
        if (device is null)
        {
            return;
        }

        // A spare card is the child's for the day of its temporary pass (entrance rules), not for ever.
        var student = await connection.QueryFirstOrDefaultAsync<EventStudent>("""
            SELECT s.id AS Id, s.first_name AS FirstName, s.school_id AS SchoolId
            FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @CardId
            UNION ALL
            SELECT s.id AS Id, s.first_name AS FirstName, s.school_id AS SchoolId
            FROM temporary_passes t JOIN students s ON s.id = t.student_id
            WHERE t.card_id = @CardId AND t.issued_at <= @at AND t.expires_at > @at
              AND NOT EXISTS (SELECT 1 FROM cards c2 WHERE c2.card_id = @CardId)
            LIMIT 1
            """,
            new { e.CardId, at = StoredEvent.OccurredAtOf(e.Ts, receivedAt).ToUnixTimeMilliseconds() }, tx);
        var stored = new StoredEvent(e, receivedAt, device, student, conflictId);
        foreach (var projection in _projections)
        {
            await projection.ApplyAsync(stored, scope);
        }
    }

    /// <summary>
    /// An event's columns as stored (device_events and device_event_conflicts share them). A bus
    /// validator's route, vehicle and position are kept too (NULL when absent; a position only
    /// with a fix), but are not part of "the same content": they describe where the vehicle was,
    /// and the tap is the same tap whatever a re-sent copy says about them.
    /// </summary>
    private sealed record EventRow(string DeviceId, long Seq, string Type, string CardId, string Reason, int Offline, long DeviceTs,
        long ReceivedAt, string? Route, string? Vehicle, long? LatE7, long? LonE7)
    {
        // The event is kept whatever its clock said (nothing is lost), but a time no reader can
        // convert is stored as 0, the protocol's "unknown": otherwise one device with a broken
        // clock would make every listing of events fail.
        public static EventRow From(PassageEvent e, DateTimeOffset receivedAt) =>
            new(e.DeviceId, e.Seq, e.Type, e.CardId, e.Reason, e.Offline ? 1 : 0, UnixTime.IsRepresentable(e.Ts) ? e.Ts : 0,
                receivedAt.ToUnixTimeMilliseconds(), e.Route, e.Vehicle, e.HasFix ? e.LatE7 : null, e.HasFix ? e.LonE7 : null);
    }
}
