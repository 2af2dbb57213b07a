using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Attendance;

namespace SchoolGate.Gateway.Journeys;

/// <summary>
/// Whether a boarding happened on a school morning, when a child on a bus is on the way to school:
/// a weekday (Monday to Friday, school-local) before <see cref="JourneyOptions.MorningEndsAt"/>.
/// This is the one place the cross-rule asks; the school calendar (holidays, Saturday classes,
/// shifts) plugs in here: replace the weekday test by <c>SchoolCalendar.IsSchoolDay(schoolId, day)</c>.
/// </summary>
public sealed class SchoolMornings(SchoolClock clock, IOptions<JourneyOptions> options)
{
    /// <param name="schoolId">Unused until the calendar lands: each school will have its own days and shifts.</param>
    public bool IsSchoolMorning(long schoolId, DateTimeOffset instant)
    {
        var local = clock.ToLocal(instant);
        var weekday = local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        return weekday && TimeOnly.FromTimeSpan(local.TimeOfDay) < options.Value.MorningEndsAt;
    }
}
