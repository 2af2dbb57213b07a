using System.Text.Json;
using Dapper;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys.Transport;

public static class TapOutcomes
{
    public const string Stored = "stored";
    public const string Duplicate = "duplicate";
    public const string UnknownCard = "unknown_card";
    public const string Invalid = "invalid";
}

/// <summary>The answer for one row, in the order of the batch.</summary>
/// <param name="Field">For "invalid": the field that is wrong (tapId, cardId, type, route, vehicle, at, lat, lon, or "tap").</param>
/// <param name="Warnings">For a stored row: what the registry does not know (a route or vehicle not registered for the operator).</param>
public sealed record TapResult(int Index, string? TapId, string Outcome, string? Field = null, string? Error = null, string[]? Warnings = null);

public sealed record TapBatchResult(int Stored, int Duplicates, int UnknownCards, int Invalid, TapResult[] Results);

/// <summary>
/// The transport operator's intake: a batch of taps, stored in transactions of 100 rows, each row
/// answered on its own. Idempotent on the operator's tap id: transport_taps holds every
/// (operator, tapId) ever accepted (a known card or not), so a re-sent row is "duplicate" and
/// writes nothing, and its journey event's key ("operator:{id}:{tapId}") could not be written twice anyway. An unknown
/// card is kept in transport_taps and counted, but is no error of the operator's: its card may be
/// registered later, or belong to an adult. A route or vehicle the registry lacks does not refuse
/// the tap (a child's boarding must not be lost to a registry that lags behind the timetable): it is
/// stored with a warning, counted in transportTapsUnregistered.
/// </summary>
public sealed class TapIntake(IDbConnectionFactory db, JourneyRecorder recorder, GatewayMetrics metrics, TimeProvider time)
{
    private const int RowsPerTransaction = 100;

    public async Task<TapBatchResult> HandInAsync(long operatorId, IReadOnlyList<JsonElement> rows, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var results = new TapResult[rows.Count];
        var read = new List<(int Index, OperatorTap Tap)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (tap, problem) = OperatorTaps.Read(rows[i], now);
            if (tap is null)
            {
                results[i] = new TapResult(i, TapIdOf(rows[i]), TapOutcomes.Invalid, problem!.Field, problem.Error);
            }
            else
            {
                read.Add((i, tap));
            }
        }

        await using (var connection = await db.OpenAsync(ct))
        {
            var routes = (await connection.QueryAsync<string>("SELECT number FROM transport_routes WHERE operator_id = @operatorId",
                new { operatorId })).ToHashSet(StringComparer.Ordinal);
            var vehicles = (await connection.QueryAsync<string>("SELECT number FROM transport_vehicles WHERE operator_id = @operatorId",
                new { operatorId })).ToHashSet(StringComparer.Ordinal);
            // In tap id order: two overlapping batches at once then take their row locks in the same
            // order on PostgreSQL (the later one waits, then finds duplicates) instead of deadlocking.
            // A transaction per chunk, not per batch: on SQLite a 1,000-row transaction would hold the
            // one write lock long enough to delay the turnstiles' event acks. Each row is idempotent on
            // its own, so a batch cut short by a failure is simply sent again.
            foreach (var chunk in read.OrderBy(r => r.Tap.TapId, StringComparer.Ordinal).Chunk(RowsPerTransaction))
            {
                var signals = new List<Action>();
                await using (var transaction = await connection.BeginTransactionAsync(ct))
                {
                    foreach (var (index, tap) in chunk)
                    {
                        results[index] = await StoreAsync(connection, transaction, operatorId, index, tap, routes, vehicles, now, signals);
                    }

                    await transaction.CommitAsync(ct);
                }

                signals.ForEach(signal => signal());
            }
        }

        var batch = new TapBatchResult(Count(TapOutcomes.Stored), Count(TapOutcomes.Duplicate), Count(TapOutcomes.UnknownCard),
            Count(TapOutcomes.Invalid), results);
        metrics.TransportTapsStored.Add(batch.Stored);
        metrics.TransportTapsDuplicate.Add(batch.Duplicates);
        metrics.TransportTapsUnknownCard.Add(batch.UnknownCards);
        metrics.TransportTapsInvalid.Add(batch.Invalid);
        metrics.TransportTapsUnregistered.Add(results.Count(r => r.Warnings is not null));
        return batch;

        int Count(string outcome) => results.Count(r => r.Outcome == outcome);
    }

    private async Task<TapResult> StoreAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        long operatorId, int index, OperatorTap tap, HashSet<string> routes, HashSet<string> vehicles, DateTimeOffset now, List<Action> signals)
    {
        var student = await JourneyRecorder.StudentOfCardAsync(connection, transaction, tap.CardId);
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO transport_taps (operator_id, tap_id, card_id, type, route, vehicle, lat_e7, lon_e7, occurred_at, received_at, student_id)
            VALUES (@operatorId, @TapId, @CardId, @Type, @Route, @Vehicle, @LatE7, @LonE7, @at, @now, @studentId)
            ON CONFLICT DO NOTHING
            """,
            new
            {
                operatorId, tap.TapId, tap.CardId, tap.Type, tap.Route, tap.Vehicle, tap.LatE7, tap.LonE7, at = UnixTime.ToMs(tap.At),
                now = UnixTime.ToMs(now), studentId = student?.Id,
            },
            transaction);
        if (inserted == 0)
        {
            return new TapResult(index, tap.TapId, TapOutcomes.Duplicate);
        }

        if (student is null)
        {
            return new TapResult(index, tap.TapId, TapOutcomes.UnknownCard);
        }

        string[] warnings =
        [
            .. routes.Contains(tap.Route) ? [] : new[] { $"route {tap.Route} is not registered for this operator" },
            .. tap.Vehicle is null || vehicles.Contains(tap.Vehicle) ? [] : new[] { $"vehicle {tap.Vehicle} is not registered for this operator" },
        ];
        await recorder.RecordAsync(connection, transaction, new JourneyTap(student, tap.Type, tap.Route, tap.Vehicle, tap.LatE7, tap.LonE7,
            tap.At, now, JourneySources.Operator, null, operatorId, $"operator:{operatorId}:{tap.TapId}"), signals.Add);
        return new TapResult(index, tap.TapId, TapOutcomes.Stored, Warnings: warnings.Length > 0 ? warnings : null);
    }

    // An invalid row is answered with its tap id when it has a readable one, so the operator can find it.
    private static string? TapIdOf(JsonElement row) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty("tapId", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString() is { Length: <= OperatorTaps.MaxTapIdLength } text ? text : null
            : null;
}
