using System.Data.Common;
using Dapper;
using SchoolGate.Gateway.Schedule;

namespace SchoolGate.Gateway.Attendance;

/// <param name="Status">One of <see cref="AttendanceStatus"/>.</param>
/// <param name="Arrived">First entry of the day, school-local "HH:mm".</param>
/// <param name="Left">Last exit of the day, school-local "HH:mm" (also when the child came back in after it).</param>
/// <param name="AlertedAt">When the guardians were told the child was absent (null: they were not).</param>
public sealed record StudentAttendance(long StudentId, string FirstName, string LastName, string? ExternalId, long? ClassId,
    string? ClassName, int Shift, string Status, bool Late, bool LeftEarly, string? Arrived, string? Left, DateTimeOffset? AlertedAt);

/// <param name="AbsentAfter">Per shift (1, 2): school-local "HH:mm" from which a child of it not in is absent.</param>
public sealed record SchoolDayView(long SchoolId, string Date, bool SchoolDay, string Why, IReadOnlyDictionary<int, string> AbsentAfter,
    IReadOnlyList<StudentAttendance> Students);

/// <summary>
/// Works out every active student's status on one school-local day from what the turnstiles
/// recorded (attendance), the class's shift (a student without a class belongs to the school's
/// first shift), the calendar and the absent-after time. Classes come in name order, students
/// without a class last (the CASE: SQLite sorts NULL first, PostgreSQL last). Times are compared in whole local minutes:
/// a child through the turnstile at 08:00:40 for an 08:00 start is on time.
/// </summary>
public sealed class SchoolDayAttendance(SchoolCalendar calendar, SchoolShifts shifts, SchoolClock clock, TimeProvider time)
{
    private sealed record Row(long StudentId, string FirstName, string LastName, string? ExternalId, long? ClassId, string? ClassName,
        long? ClassShift, long? ArrivedAt, long? LeftAt, long? LastEnteredAt, long? AlertedAt);

    public async Task<SchoolDayView> LoadAsync(DbConnection connection, long schoolId, DateOnly day, long? classId, CancellationToken ct)
    {
        var date = SchoolCalendar.Day(day);
        var calendarDay = (await calendar.DaysAsync(schoolId, day, day, ct))[0];
        var schoolShifts = await shifts.EffectiveAsync(schoolId, ct);
        var settings = await AttendanceSettings.LoadAsync(connection, schoolId);
        var absentAfter = new Dictionary<int, int>();
        foreach (var shift in schoolShifts)
        {
            absentAfter[shift.Shift] = await shifts.AbsentAfterAsync(schoolId, shift.Shift, ct);
        }

        var rows = await connection.QueryAsync<Row>("""
            SELECT s.id AS StudentId, s.first_name AS FirstName, s.last_name AS LastName, s.external_id AS ExternalId,
                   c.id AS ClassId, c.name AS ClassName, c.shift AS ClassShift,
                   a.arrived_at AS ArrivedAt, a.left_at AS LeftAt, a.last_entered_at AS LastEnteredAt, al.alerted_at AS AlertedAt
            FROM students s
            LEFT JOIN classes c ON c.id = s.class_id
            LEFT JOIN attendance a ON a.student_id = s.id AND a.school_day = @date
            LEFT JOIN absence_alerts al ON al.student_id = s.id AND al.school_day = @date
            WHERE s.school_id = @schoolId AND s.active = 1 AND (@classId IS NULL OR s.class_id = @classId)
            ORDER BY CASE WHEN c.name IS NULL THEN 1 ELSE 0 END, c.name, s.last_name, s.first_name, s.id
            """, new { schoolId, date, classId });

        var now = clock.ToLocal(time.GetUtcNow());
        var today = DateOnly.FromDateTime(now.DateTime);
        var nowMinute = now.Hour * 60 + now.Minute;
        var students = rows.Select(r =>
        {
            var shift = schoolShifts.FirstOrDefault(s => s.Shift == r.ClassShift) ?? schoolShifts[0];
            var arrived = Minute(r.ArrivedAt);
            var left = Minute(r.LeftAt);
            var late = calendarDay.SchoolDay && arrived > shift.StartsAt + settings.LateGraceMinutes;
            var leftEarly = calendarDay.SchoolDay && r.LeftAt is { } leftAt && (r.LastEnteredAt is not { } entered || leftAt > entered)
                && left < shift.EndsAt;
            var absentFrom = absentAfter.GetValueOrDefault(shift.Shift, shift.StartsAt);
            var status = (r.ArrivedAt, calendarDay.SchoolDay) switch
            {
                (null, false) => AttendanceStatus.NoSchool,
                (null, true) when day < today || (day == today && nowMinute >= absentFrom) => AttendanceStatus.Absent,
                (null, true) => AttendanceStatus.NotArrivedYet,
                _ when leftEarly => AttendanceStatus.LeftEarly,
                _ when late => AttendanceStatus.Late,
                _ => AttendanceStatus.Present,
            };
            return new StudentAttendance(r.StudentId, r.FirstName, r.LastName, r.ExternalId, r.ClassId, r.ClassName, shift.Shift, status,
                late, leftEarly, Clock(arrived), Clock(left), Store.UnixTime.FromMs(r.AlertedAt));
        }).ToList();
        return new SchoolDayView(schoolId, date, calendarDay.SchoolDay, calendarDay.Why,
            absentAfter.ToDictionary(p => p.Key, p => ShiftTimes.Format(p.Value)), students);
    }

    private int? Minute(long? ms)
    {
        if (ms is not { } value)
        {
            return null;
        }

        var local = clock.ToLocal(Store.UnixTime.FromMs(value));
        return local.Hour * 60 + local.Minute;
    }

    private static string? Clock(int? minute) => minute is { } m ? ShiftTimes.Format(m) : null;
}
