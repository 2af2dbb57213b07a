using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Attendance;

/// <summary>
/// Turnstile passages -> attendance: "entered" sets the first arrival of the local school day,
/// "exited" the latest departure. Offline-decided passages count (the child did pass);
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
              INSERT INTO attendance (student_id, school_day, arrived_at) VALUES (@id, @day, @atMs)
              ON CONFLICT (student_id, school_day) DO UPDATE SET arrived_at =
                  CASE WHEN attendance.arrived_at IS NULL OR excluded.arrived_at < attendance.arrived_at
                       THEN excluded.arrived_at ELSE attendance.arrived_at END
              """
            : """
              INSERT INTO attendance (student_id, school_day, left_at) VALUES (@id, @day, @atMs)
              ON CONFLICT (student_id, school_day) DO UPDATE SET left_at =
                  CASE WHEN attendance.left_at IS NULL OR excluded.left_at > attendance.left_at
                       THEN excluded.left_at ELSE attendance.left_at END
              """;
        await scope.Connection.ExecuteAsync(sql, new { id = student.Id, day, atMs }, scope.Transaction);

        var local = clock.ToLocal(at);
        scope.AfterCommit(() => logger.LogInformation("Attendance: {Name} {Verb} at {Time:HH:mm} on {Day}",
            student.FirstName, type == PassageTypes.Entered ? "arrived" : "left", local, day));
    }
}
