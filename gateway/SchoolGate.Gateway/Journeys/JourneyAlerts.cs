using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// The cross-rule "on the bus but not at school". A boarding on a school morning is watched
/// (journey_alerts, status 'watching', due N minutes after it). At the deadline a child not yet
/// through their school's entrance raises the alert ('open'): a safety message to each guardian
/// and an entry on the school's security list. Coming through the entrance ends a watch
/// ('resolved', nobody told) or clears an open alert ('cleared', the guardians told that the
/// child is in). Only a deadline of the same school day is raised: a gateway back after a night
/// down lets yesterday's go ('expired'). Every change is a conditional UPDATE of one row, and each
/// message's key names the alert, so two gateways on one database, or a restart in the middle,
/// never alert twice.
/// </summary>
public sealed class JourneyAlerts(IDbConnectionFactory db, StudentGuardians guardians, SchoolClock clock, GatewayMetrics metrics)
{
    private sealed record Due(long Id, long StudentId, string FirstName, string? Route, long BoardedAt, long DueAt);

    /// <summary>Raises every watched boarding past its deadline at <paramref name="now"/>; returns how many alerts it raised.</summary>
    public async Task<int> RaiseDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<Due> due;
        await using (var connection = await db.OpenAsync(ct))
        {
            due = [.. await connection.QueryAsync<Due>("""
                SELECT a.id AS Id, a.student_id AS StudentId, s.first_name AS FirstName, a.route AS Route, a.boarded_at AS BoardedAt,
                       a.due_at AS DueAt
                FROM journey_alerts a JOIN students s ON s.id = a.student_id
                WHERE a.status = 'watching' AND a.due_at <= @now ORDER BY a.due_at LIMIT 500
                """, new { now = UnixTime.ToMs(now) })];
        }

        var raised = 0;
        foreach (var alert in due)
        {
            raised += await RaiseAsync(alert, now, ct) ? 1 : 0;
        }

        return raised;
    }

    private async Task<bool> RaiseAsync(Due alert, DateTimeOffset now, CancellationToken ct)
    {
        var signals = new List<Action>();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // A gateway that was down over night finds yesterday's deadlines: that child went home
        // long ago, and an alarm now would be false.
        if (clock.DayOf(UnixTime.FromMs(alert.DueAt)) != clock.DayOf(now))
        {
            await connection.ExecuteAsync("UPDATE journey_alerts SET status = 'expired' WHERE id = @Id AND status = 'watching'",
                new { alert.Id }, transaction);
            await transaction.CommitAsync(ct);
            return false;
        }

        // The entrance's event may have been committed by another transaction while this boarding
        // was being recorded, each not seeing the other: look once more before alarming anyone.
        var boardedAt = UnixTime.FromMs(alert.BoardedAt);
        if (await EntranceChecks.FirstEntrySinceAsync(connection, transaction, alert.StudentId, boardedAt) is { } entered)
        {
            await connection.ExecuteAsync(
                "UPDATE journey_alerts SET status = 'resolved', entered_at = @entered WHERE id = @Id AND status = 'watching'",
                new { alert.Id, entered = UnixTime.ToMs(entered) }, transaction);
            await transaction.CommitAsync(ct);
            return false;
        }

        var claimed = await connection.ExecuteAsync(
            "UPDATE journey_alerts SET status = 'open', raised_at = @now WHERE id = @Id AND status = 'watching'",
            new { alert.Id, now = UnixTime.ToMs(now) }, transaction);
        if (claimed == 0)
        {
            return false; // another gateway raised it, or the child came in meanwhile
        }

        var (boarded, deadline) = (clock.ToLocal(boardedAt), clock.ToLocal(UnixTime.FromMs(alert.DueAt)));
        await guardians.QueueAsync(connection, transaction, new StudentGuardians.Message(alert.StudentId,
            language => MessageTemplates.ForBusNotAtSchool(language, alert.FirstName, alert.Route, boarded, deadline),
            DeliveryPriority.Safety, "bus-not-at-school", now, $"journey-alert:{alert.Id}"), signals.Add);
        await transaction.CommitAsync(ct);
        metrics.JourneyAlertsRaised.Add();
        signals.ForEach(signal => signal());
        return true;
    }

    /// <summary>
    /// The child came through their school's entrance at <paramref name="enteredAt"/>: ends the
    /// watches of boardings before it and clears open alerts, telling their guardians. In the
    /// entrance event's transaction.
    /// </summary>
    public async Task<int> EnteredAsync(DbConnection connection, DbTransaction transaction, long studentId, DateTimeOffset enteredAt,
        DateTimeOffset receivedAt, Action<Action> afterCommit)
    {
        var entered = UnixTime.ToMs(enteredAt);
        await connection.ExecuteAsync("""
            UPDATE journey_alerts SET status = 'resolved', entered_at = @entered
            WHERE student_id = @studentId AND status = 'watching' AND boarded_at <= @entered
            """, new { studentId, entered }, transaction);
        var cleared = (await connection.QueryAsync<long>("""
            UPDATE journey_alerts SET status = 'cleared', entered_at = @entered, cleared_at = @now
            WHERE student_id = @studentId AND status = 'open' AND boarded_at <= @entered
            RETURNING id
            """, new { studentId, entered, now = UnixTime.ToMs(receivedAt) }, transaction)).ToList();
        if (cleared.Count == 0)
        {
            return 0;
        }

        afterCommit(() => metrics.JourneyAlertsCleared.Add(cleared.Count));
        var firstName = await connection.ExecuteScalarAsync<string>("SELECT first_name FROM students WHERE id = @studentId",
            new { studentId }, transaction);
        var queued = 0;
        var local = clock.ToLocal(enteredAt);
        foreach (var alertId in cleared)
        {
            queued += await guardians.QueueAsync(connection, transaction, new StudentGuardians.Message(studentId,
                language => MessageTemplates.ForBusAlertCleared(language, firstName!, local),
                DeliveryPriority.Safety, "bus-alert-cleared", receivedAt, $"journey-alert:{alertId}:cleared"), afterCommit);
        }

        return queued;
    }
}
