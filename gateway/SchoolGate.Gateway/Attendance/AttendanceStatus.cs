namespace SchoolGate.Gateway.Attendance;

/// <summary>A student's attendance on one school-local day, as the report and the absent list say it.</summary>
public static class AttendanceStatus
{
    public const string Present = "present";
    public const string Late = "late";

    /// <summary>Out before the shift ended and not back in (wins over late: the child is not at school).</summary>
    public const string LeftEarly = "left_early";

    /// <summary>Not in by the absent-after time of a school day (or at all, on a past school day).</summary>
    public const string Absent = "absent";

    /// <summary>Not in yet, but the absent-after time has not come (today before it, or a later date).</summary>
    public const string NotArrivedYet = "not_arrived_yet";

    /// <summary>Not a school day (weekend, holiday, a day off) and the child did not come in.</summary>
    public const string NoSchool = "no_school";
}
