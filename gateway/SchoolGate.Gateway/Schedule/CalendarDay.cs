namespace SchoolGate.Gateway.Schedule;

/// <summary>Whether a school-local date is a school day, and why.</summary>
/// <param name="Why">One of <see cref="CalendarReasons"/>.</param>
/// <param name="Note">The holiday's name or the exceptional day's note.</param>
public sealed record CalendarDay(string Date, bool SchoolDay, string Why, string? Note);

public static class CalendarReasons
{
    public const string SchoolWeek = "school_week";
    public const string Weekend = "weekend";
    public const string Holiday = "holiday";
    public const string ExceptionalSchoolDay = "exceptional_school_day";
    public const string ExceptionalDayOff = "exceptional_day_off";

    /// <summary>
    /// An exceptional day wins over a holiday (a Saturday made up for a holiday), a holiday over the week.
    /// </summary>
    public static (bool SchoolDay, string Why, string? Note) Classify(DateOnly day, int schoolWeek, string? holiday, bool? exceptional,
        string? exceptionNote)
    {
        if (exceptional is { } isSchoolDay)
        {
            return (isSchoolDay, isSchoolDay ? ExceptionalSchoolDay : ExceptionalDayOff, exceptionNote);
        }

        if (holiday is not null)
        {
            return (false, Holiday, holiday);
        }

        return Schedule.SchoolWeek.Includes(schoolWeek, day.DayOfWeek) ? (true, SchoolWeek, null) : (false, Weekend, null);
    }
}
