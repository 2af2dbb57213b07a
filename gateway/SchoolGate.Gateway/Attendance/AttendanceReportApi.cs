using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using SchoolGate.Gateway.Csv;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;
using SchoolGate.Gateway.Accounts;

namespace SchoolGate.Gateway.Attendance;

/// <summary>One class of the report; students without a class are under ClassId null.</summary>
public sealed record ClassAttendance(long? ClassId, string? ClassName, int Shift, IReadOnlyList<StudentAttendance> Students);

public sealed record AttendanceReport(long SchoolId, string Date, bool SchoolDay, string Why, IReadOnlyDictionary<int, string> AbsentAfter,
    IReadOnlyList<ClassAttendance> Classes);

/// <summary>
/// The day's attendance of a school, per class and student, as JSON or CSV. The CSV is what a
/// school office opens in Excel: UTF-8 with a byte order mark (without one Excel on Windows reads
/// the file as the ANSI code page and the Kazakh and Russian names come out garbled), a header row,
/// RFC 4180 quoting, CRLF; comma-separated unless <c>delimiter=semicolon</c> (what Excel in ru-RU expects).
/// </summary>
public static class AttendanceReportApi
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static RouteGroupBuilder MapAttendanceReportApi(this RouteGroupBuilder school)
    {
        school.MapGet("/attendance/report", ReportAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The day's attendance per class and student: present, late, absent, left early (JSON or CSV)")
            .Produces<AttendanceReport>(StatusCodes.Status200OK, "application/json", "text/csv");
        return school;
    }

    /// <param name="date">School-local yyyy-MM-dd, default today.</param>
    /// <param name="classId">Only this class of the school.</param>
    /// <param name="format">json or csv; without it the Accept header decides (text/csv), else JSON.</param>
    /// <param name="delimiter">For CSV: comma (default) or semicolon.</param>
    private static async Task<Results<Ok<AttendanceReport>, FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ReportAsync(
        long id, string? date, long? classId, string? format, string? delimiter, HttpRequest request, StaffUser user, IDbConnectionFactory db,
        SchoolDayAttendance days, SchoolClock clock, CancellationToken ct)
    {
        var day = clock.Today;
        var checks = new FieldChecks()
            .Check(date is null || SchoolCalendar.TryParseDay(date, out day), "date", "date must be a date in the form yyyy-MM-dd.")
            .Check(format is null or "json" or "csv", "format", "format must be json or csv.")
            .Check(delimiter is null or "comma" or "semicolon", "delimiter", "delimiter must be comma or semicolon.");
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        if (classId is { } asked && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM classes WHERE id = @asked AND school_id = @id", new { asked, id }) == 0)
        {
            return Problems.NotFound("Class", asked);
        }

        var view = await days.LoadAsync(connection, id, day, classId, ct);
        var report = new AttendanceReport(id, view.Date, view.SchoolDay, view.Why, view.AbsentAfter,
            [.. view.Students.GroupBy(s => (s.ClassId, s.ClassName, s.Shift)).Select(g => new ClassAttendance(g.Key.ClassId, g.Key.ClassName, g.Key.Shift, [.. g]))]);
        var csv = format == "csv" || (format is null && request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)));
        if (!csv)
        {
            return TypedResults.Ok(report);
        }

        var writer = new CsvWriter(delimiter == "semicolon" ? ';' : ',')
            .Row("date", "class", "shift", "student_number", "last_name", "first_name", "status", "late", "left_early", "arrived", "left");
        foreach (var s in view.Students)
        {
            writer.Row(view.Date, s.ClassName, s.Shift.ToString(System.Globalization.CultureInfo.InvariantCulture), s.ExternalId, s.LastName,
                s.FirstName, s.Status, s.Late ? "yes" : "no", s.LeftEarly ? "yes" : "no", s.Arrived, s.Left);
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(writer.ToString())).ToArray();
        return TypedResults.File(bytes, CsvContentType, $"attendance-{id}-{view.Date}.csv");
    }
}
