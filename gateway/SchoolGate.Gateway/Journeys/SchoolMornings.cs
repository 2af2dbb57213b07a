using System.Data.Common;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Schedule;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// Whether a boarding happened on a school morning, when a child on a bus is on the way to school:
/// a school day of the child's school (its calendar: week, holidays, exceptional days; see
/// Schedule/SchoolCalendar) before <see cref="JourneyOptions.MorningEndsAt"/>, school-local. The
/// calendar counts whether or not the school lets its entrance refuse by it (school_rules.check_calendar):
/// a child on a bus in the holidays is not expected at school either way.
/// </summary>
public sealed class SchoolMornings(SchoolClock clock, IOptions<JourneyOptions> options)
{
    public async Task<bool> IsSchoolMorningAsync(DbConnection connection, DbTransaction transaction, long schoolId, DateTimeOffset instant)
    {
        var local = clock.ToLocal(instant);
        return TimeOnly.FromTimeSpan(local.TimeOfDay) < options.Value.MorningEndsAt
            && await SchoolCalendar.IsSchoolDayAsync(connection, transaction, schoolId, DateOnly.FromDateTime(local.DateTime));
    }
}
