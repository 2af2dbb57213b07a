using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Devices;

namespace SchoolGate.Gateway.Ingestion;

/// <summary>A device's row of device_cursors: its highest stored seq and the seq its EventAck carries.</summary>
public sealed record DeviceCursor(long MaxSeq, long AckedSeq);

/// <param name="Cursor">The cursor after this event.</param>
/// <param name="Abandoned">Holes given up by this move (their events are lost), oldest first.</param>
public sealed record CursorMove(DeviceCursor Cursor, IReadOnlyList<(long From, long To)> Abandoned);

/// <summary>
/// Keeps the seq a device's EventAck carries: the highest s such that every seq from the
/// device's first one up to s is stored. The device drops every journal entry up to the ack, so
/// acking the highest STORED seq would throw away an event still missing below it (its store
/// failed, or it was refused) that the device would otherwise re-send. A hole is given up, so a
/// device is never stuck behind an event that cannot arrive, once it has been known for
/// <see cref="IngestionOptions.GapTimeoutSeconds"/> AND the device has been connected that long
/// without filling it: a connected device re-sends its whole journal, oldest first, on connecting
/// and every few seconds while the ack stands still, so only then is the hole proof that it no
/// longer has those events. Counting time the device was away instead would give up, on its
/// return, the events it is about to re-send. Checked on every arrival from the device, which
/// needs no timer: a device waiting for its ack keeps re-sending, and a silent one needs no ack.
/// </summary>
public sealed class AckCursor(IOptions<IngestionOptions> options, DevicePresence presence)
{
    public async Task<DeviceCursor?> ReadAsync(string deviceId, EventScope scope) =>
        await scope.Connection.QuerySingleOrDefaultAsync<DeviceCursor>(
            "SELECT max_seq AS MaxSeq, acked_seq AS AckedSeq FROM device_cursors WHERE device_id = @deviceId",
            new { deviceId }, scope.Transaction);

    /// <summary>
    /// Moves the cursor past what is stored now and past holes older than the timeout, and
    /// persists it when it changed. <paramref name="storedSeq"/> is the seq this event newly
    /// stored, if any. The read-modify-write is safe because a device's events are applied in
    /// sequence: one EventWriter per process, and the device lock (ISqlDialect.LockDevicesAsync)
    /// across gateway processes sharing a database.
    /// </summary>
    public async Task<CursorMove> MoveAsync(string deviceId, DeviceCursor? before, long? storedSeq, long nowMs, EventScope scope)
    {
        // A device's first event may be above 1 (its counter jumped past an ack of another gateway
        // or of an earlier life of its id): the cursor starts just below it.
        var start = before ?? new DeviceCursor(0, storedSeq is { } first ? first - 1 : 0);
        var maxSeq = storedSeq is { } s && s > start.MaxSeq ? s : start.MaxSeq;
        var acked = start.AckedSeq;
        List<(long, long)>? abandoned = null;
        var timeoutMs = options.Value.GapTimeoutSeconds * 1000L;
        // Not connected (the broker has not reported the connection yet): as if it had just connected.
        var connectedForMs = nowMs - (presence.ConnectedSince(deviceId)?.ToUnixTimeMilliseconds() ?? nowMs);
        while (acked < maxSeq)
        {
            // acked < maxSeq, so acked + 1 cannot overflow.
            var next = storedSeq == acked + 1 ? storedSeq : await NextStoredAsync(deviceId, acked, scope);
            if (next is not { } nextSeq)
            {
                break;
            }

            if (nextSeq == acked + 1)
            {
                acked = nextSeq == maxSeq ? maxSeq : await EndOfRunAsync(deviceId, nextSeq, scope) ?? maxSeq;
                continue;
            }

            if (connectedForMs < timeoutMs || nowMs - await HoleSeenSinceAsync(deviceId, acked + 1, nextSeq, scope) < timeoutMs)
            {
                break;
            }

            (abandoned ??= []).Add((acked + 1, nextSeq - 1));
            await scope.Connection.ExecuteAsync("""
                UPDATE device_gaps SET abandoned_at = @nowMs
                WHERE device_id = @deviceId AND from_seq <= @to AND to_seq >= @from AND abandoned_at IS NULL
                """,
                new { deviceId, nowMs, from = acked + 1, to = nextSeq - 1 }, scope.Transaction);
            acked = nextSeq - 1;
        }

        var after = new DeviceCursor(maxSeq, acked);
        if (after != (before ?? new DeviceCursor(0, 0)))
        {
            await scope.Connection.ExecuteAsync("""
                INSERT INTO device_cursors (device_id, max_seq, acked_seq) VALUES (@deviceId, @MaxSeq, @AckedSeq)
                ON CONFLICT (device_id) DO UPDATE SET max_seq = excluded.max_seq, acked_seq = excluded.acked_seq
                """,
                new { deviceId, after.MaxSeq, after.AckedSeq }, scope.Transaction);
        }

        return new CursorMove(after, abandoned ?? []);
    }

    private static Task<long?> NextStoredAsync(string deviceId, long above, EventScope scope) =>
        scope.Connection.ExecuteScalarAsync<long?>(
            "SELECT MIN(seq) FROM device_events WHERE device_id = @deviceId AND seq > @above",
            new { deviceId, above }, scope.Transaction);

    /// <summary>The last seq of the stored run that starts at <paramref name="from"/>.</summary>
    private static Task<long?> EndOfRunAsync(string deviceId, long from, EventScope scope) =>
        // Walks the primary key from 'from' and stops at the first seq whose successor is missing;
        // long.MaxValue has no successor (and e.seq + 1 must not overflow).
        scope.Connection.ExecuteScalarAsync<long?>("""
            SELECT e.seq FROM device_events e
            WHERE e.device_id = @deviceId AND e.seq >= @from
              AND (e.seq = @last OR NOT EXISTS (SELECT 1 FROM device_events n WHERE n.device_id = e.device_id AND n.seq = e.seq + 1))
            ORDER BY e.seq LIMIT 1
            """,
            new { deviceId, from, last = long.MaxValue }, scope.Transaction);

    /// <summary>
    /// When the hole became visible: its gap's detection (a seq arriving above the highest one),
    /// or, should no gap row cover it, when the stored event just above it arrived.
    /// </summary>
    private static async Task<long> HoleSeenSinceAsync(string deviceId, long hole, long nextStored, EventScope scope) =>
        await scope.Connection.ExecuteScalarAsync<long>("""
            SELECT COALESCE(
                (SELECT detected_at FROM device_gaps WHERE device_id = @deviceId AND from_seq <= @hole AND to_seq >= @hole
                 ORDER BY from_seq DESC LIMIT 1),
                (SELECT received_at FROM device_events WHERE device_id = @deviceId AND seq = @nextStored))
            """,
            new { deviceId, hole, nextStored }, scope.Transaction);
}
