namespace SchoolGate.Gateway.Attendance;

public sealed class AttendanceOptions
{
    public const string Section = "Attendance";

    /// <summary>How often the absence monitor looks for children not in by the absent-after time.</summary>
    public int AbsenceCheckSeconds { get; set; } = 60;
}
