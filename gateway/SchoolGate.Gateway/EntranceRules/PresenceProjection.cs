using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.EntranceRules;

/// <summary>
/// Turnstile passages -> who is inside now (presence), for anti-passback: "entered" puts the
/// student inside, "exited" outside, on the school-local day of the passage. Only a newer passage
/// changes the row, so an offline event that arrives late cannot undo a later one (or a reset). A
/// row of an earlier day means "outside": the day boundary resets presence without a job, so a
/// child who left yesterday through a gate without a reader is not locked out today.
/// </summary>
public sealed class PresenceProjection(SchoolClock clock) : IEventProjection
{
    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId || stored.Event.Type is not (PassageTypes.Entered or PassageTypes.Exited))
        {
            return;
        }

        var at = stored.OccurredAt;
        await scope.Connection.ExecuteAsync("""
            INSERT INTO presence (student_id, school_day, inside, changed_at, device_id) VALUES (@id, @day, @inside, @atMs, @deviceId)
            ON CONFLICT (student_id) DO UPDATE SET school_day = excluded.school_day, inside = excluded.inside,
                changed_at = excluded.changed_at, device_id = excluded.device_id
            WHERE excluded.changed_at >= presence.changed_at
            """,
            new
            {
                id = student.Id, day = clock.DayOf(at).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                inside = stored.Event.Type == PassageTypes.Entered ? 1 : 0, atMs = at.ToUnixTimeMilliseconds(), deviceId = stored.Device.DeviceId,
            },
            scope.Transaction);
    }
}
