using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <summary>What recording a tap did.</summary>
/// <param name="Stored">False: a journey event with its source key already existed (nothing was written).</param>
public sealed record JourneyRecorded(bool Stored, int MessagesQueued, bool Watching);

/// <summary>
/// Turns a bus tap of a known child into a journey event, in the caller's transaction (the MQTT
/// event's, or the operator batch's), with what follows from it: the guardians' message, and on a
/// school morning the cross-rule's watch (<see cref="JourneyAlerts"/>). The source key is UNIQUE,
/// so a tap recorded twice writes nothing and tells nobody twice.
/// </summary>
public sealed class JourneyRecorder(StudentGuardians guardians, SchoolClock clock, SchoolMornings mornings, JourneySettings settings,
    GatewayMetrics metrics, IOptions<JourneyOptions> options)
{
    /// <summary>The active student an active card belongs to, or null (unknown, revoked, or the student deactivated).</summary>
    public static Task<JourneyStudent?> StudentOfCardAsync(DbConnection connection, DbTransaction transaction, string cardId) =>
        connection.QuerySingleOrDefaultAsync<JourneyStudent>("""
            SELECT s.id AS Id, s.first_name AS FirstName, s.school_id AS SchoolId
            FROM cards c JOIN students s ON s.id = c.student_id
            WHERE c.card_id = @cardId AND c.status = 'active' AND s.active = 1
            """, new { cardId }, transaction);

    public async Task<JourneyRecorded> RecordAsync(DbConnection connection, DbTransaction transaction, JourneyTap tap, Action<Action> afterCommit)
    {
        var id = await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO journey_events (student_id, school_id, type, route, vehicle, lat_e7, lon_e7, occurred_at, received_at, source,
                                        device_id, operator_id, source_key)
            VALUES (@studentId, @schoolId, @Type, @Route, @Vehicle, @LatE7, @LonE7, @occurredAt, @receivedAt, @Source,
                    @DeviceId, @OperatorId, @SourceKey)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            new
            {
                studentId = tap.Student.Id, schoolId = tap.Student.SchoolId, tap.Type, tap.Route, tap.Vehicle, tap.LatE7, tap.LonE7,
                occurredAt = UnixTime.ToMs(tap.OccurredAt), receivedAt = UnixTime.ToMs(tap.ReceivedAt), tap.Source, tap.DeviceId,
                tap.OperatorId, tap.SourceKey,
            },
            transaction);
        if (id is not { } journeyEventId)
        {
            return new JourneyRecorded(false, 0, false);
        }

        afterCommit(() => metrics.JourneyEvents.Add());

        // Late news is kept (the timeline shows it) but told to nobody: see JourneyOptions.NotifyWithinMinutes.
        if (tap.ReceivedAt - tap.OccurredAt > TimeSpan.FromMinutes(options.Value.NotifyWithinMinutes))
        {
            return new JourneyRecorded(true, 0, false);
        }

        var local = clock.ToLocal(tap.OccurredAt);
        var message = new StudentGuardians.Message(tap.Student.Id,
            language => MessageTemplates.ForBus(language, tap.Type, tap.Student.FirstName, tap.Route, tap.Vehicle, local),
            DeliveryPriority.Attendance, tap.Type, tap.ReceivedAt, $"journey:{tap.SourceKey}");
        var queued = await guardians.QueueAsync(connection, transaction, message, afterCommit);
        var watching = tap.Type == PassageTypes.Boarded && await mornings.IsSchoolMorningAsync(connection, transaction, tap.Student.SchoolId, tap.OccurredAt)
            && await WatchAsync(connection, transaction, tap, journeyEventId);
        return new JourneyRecorded(true, queued, watching);
    }

    /// <summary>
    /// Starts the cross-rule's watch of a boarding: due N minutes after it. A later boarding of the
    /// same child (a change of buses) takes over from an earlier one still watched, whose deadline
    /// no longer means anything. A boarding that reaches the gateway after the child already came
    /// through the entrance is not watched at all.
    /// </summary>
    private async Task<bool> WatchAsync(DbConnection connection, DbTransaction transaction, JourneyTap tap, long journeyEventId)
    {
        if (await EntranceChecks.FirstEntrySinceAsync(connection, transaction, tap.Student.Id, tap.OccurredAt) is not null)
        {
            return false;
        }

        var boardedAt = UnixTime.ToMs(tap.OccurredAt);
        await connection.ExecuteAsync("""
            UPDATE journey_alerts SET status = 'superseded'
            WHERE student_id = @studentId AND status = 'watching' AND boarded_at <= @boardedAt
            """, new { studentId = tap.Student.Id, boardedAt }, transaction);
        var minutes = await settings.AlertAfterMinutesAsync(connection, transaction, tap.Student.SchoolId);
        await connection.ExecuteAsync("""
            INSERT INTO journey_alerts (journey_event_id, student_id, school_id, route, vehicle, boarded_at, due_at, status)
            VALUES (@journeyEventId, @studentId, @schoolId, @Route, @Vehicle, @boardedAt, @dueAt, 'watching')
            ON CONFLICT DO NOTHING
            """,
            new
            {
                journeyEventId, studentId = tap.Student.Id, schoolId = tap.Student.SchoolId, tap.Route, tap.Vehicle, boardedAt,
                dueAt = boardedAt + (long)TimeSpan.FromMinutes(minutes).TotalMilliseconds,
            },
            transaction);
        return true;
    }
}
