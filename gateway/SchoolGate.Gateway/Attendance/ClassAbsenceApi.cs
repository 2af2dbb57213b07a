using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Attendance;

/// <param name="AbsentAfter">School-local "HH:mm" from which a child of the class not in is absent.</param>
/// <param name="Students">Absent (not in by then; on a past day: not in at all); empty on a day that is not a school day.</param>
public sealed record ClassAbsence(long SchoolId, long ClassId, string ClassName, string? TeacherName, string Date, bool SchoolDay,
    string AbsentAfter, IReadOnlyList<StudentAttendance> Students);

/// <summary>
/// The class teacher's list of who is missing. The teacher is not messaged by the gateway: the
/// outbox and its channels deliver to guardians only (a teacher has no guardian row, no Telegram link
/// and no language), so the list is read here, by the school's staff or a dashboard on the teacher's desk.
/// </summary>
public static class ClassAbsenceApi
{
    private sealed record ClassRow(long Id, string Name, long Shift, string? TeacherName);

    public static RouteGroupBuilder MapClassAbsenceApi(this RouteGroupBuilder school)
    {
        school.MapGet("/classes/{classId:long}/absent", AbsentAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The absent students of a class on a day (for the class teacher)");
        return school;
    }

    /// <param name="date">School-local yyyy-MM-dd, default today.</param>
    private static async Task<Results<Ok<ClassAbsence>, ValidationProblem, ProblemHttpResult>> AbsentAsync(long id, long classId, string? date,
        StaffUser user, IDbConnectionFactory db, SchoolDayAttendance days, SchoolClock clock, CancellationToken ct)
    {
        var day = clock.Today;
        if (date is not null && !SchoolCalendar.TryParseDay(date, out day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        await using var connection = await db.OpenAsync(ct);
        var row = user.CanSee(id)
            ? await connection.QuerySingleOrDefaultAsync<ClassRow>(
                "SELECT id AS Id, name AS Name, shift AS Shift, teacher_name AS TeacherName FROM classes WHERE id = @classId AND school_id = @id",
                new { id, classId })
            : null;
        if (row is null)
        {
            return Problems.NotFound("Class", classId);
        }

        var view = await days.LoadAsync(connection, id, day, classId, ct);
        var absentAfter = view.AbsentAfter.TryGetValue((int)row.Shift, out var own) ? own : view.AbsentAfter.Values.First();
        return TypedResults.Ok(new ClassAbsence(id, classId, row.Name, row.TeacherName, view.Date, view.SchoolDay, absentAfter,
            [.. view.Students.Where(s => s.Status == AttendanceStatus.Absent)]));
    }
}
