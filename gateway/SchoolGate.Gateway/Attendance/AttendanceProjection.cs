using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Attendance;

/// <summary>
/// Turnstile passages -> attendance: "entered" sets the first arrival of the local school day
/// and the latest entry (for "left early"), "exited" the latest departure; an entry clears the
/// day's absence alert (the child is late). Offline-decided passages count (the child did pass);
/// refused and abandoned ones do not. The day is the school-local date of
/// <see cref="StoredEvent.OccurredAt"/> (device time when plausible, else receive time).
/// </summary>
public sealed class AttendanceProjection(SchoolClock clock, ILogger<AttendanceProjection> logger) : IEventProjection
{
    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId)
        {
            return;
        }

        var type = stored.Event.Type;
        if (type is not (PassageTypes.Entered or PassageTypes.Exited))
        {
            return;
        }

        var at = stored.OccurredAt;
        var day = clock.DayOf(at).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var atMs = at.ToUnixTimeMilliseconds();
        var sql = type == PassageTypes.Entered
            ? """
              INSERT INTO attendance (student_id, school_day, arrived_at, last_entered_at) VALUES (@id, @day, @atMs, @atMs)
              ON CONFLICT (student_id, school_day) DO UPDATE SET arrived_at =
                  CASE WHEN attendance.arrived_at IS NULL OR excluded.arrived_at < attendance.arrived_at
                       THEN excluded.arrived_at ELSE attendance.arrived_at END,
                  last_entered_at =
                  CASE WHEN attendance.last_entered_at IS NULL OR excluded.last_entered_at > attendance.last_entered_at
                       THEN excluded.last_entered_at ELSE attendance.last_entered_at END
              """
            : """
              INSERT INTO attendance (student_id, school_day, left_at) VALUES (@id, @day, @atMs)
              ON CONFLICT (student_id, school_day) DO UPDATE SET left_at =
                  CASE WHEN attendance.left_at IS NULL OR excluded.left_at > attendance.left_at
                       THEN excluded.left_at ELSE attendance.left_at END
              """;
        await scope.Connection.ExecuteAsync(sql, new { id = student.Id, day, atMs }, scope.Transaction);
        if (type == PassageTypes.Entered)
        {
            // An absent child who turns up after all is late, not absent: the alert stays (it was sent) but is cleared.
            await scope.Connection.ExecuteAsync(
                "UPDATE absence_alerts SET cleared_at = @atMs WHERE student_id = @id AND school_day = @day AND cleared_at IS NULL",
                new { id = student.Id, day, atMs }, scope.Transaction);
        }

        var local = clock.ToLocal(at);
        scope.AfterCommit(() => logger.LogInformation("Attendance: {Name} {Verb} at {Time:HH:mm} on {Day}",
            student.FirstName, type == PassageTypes.Entered ? "arrived" : "left", local, day));
    }
}
