using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Attendance;

public sealed record AttendanceEntry(long StudentId, string FirstName, string LastName, long SchoolId, string SchoolDay,
    DateTimeOffset? ArrivedAt, DateTimeOffset? LeftAt);

public static class AttendanceApi
{
    private sealed record Row(long StudentId, string FirstName, string LastName, long SchoolId, string SchoolDay, long? ArrivedAt, long? LeftAt);

    public static WebApplicationBuilder AddAttendance(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SchoolOptions>(builder.Configuration.GetSection(SchoolOptions.Section));
        builder.Services.AddSingleton<SchoolClock>();
        builder.Services.Configure<AttendanceOptions>(builder.Configuration.GetSection(AttendanceOptions.Section));
        builder.Services.AddSingleton<IEventProjection, AttendanceProjection>();
        builder.Services.AddSingleton<SchoolDayAttendance>();
        builder.Services.AddHostedService<AbsenceMonitor>();
        return builder;
    }

    public static RouteGroupBuilder MapAttendanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/attendance", ListAsync).WithTags("Attendance").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Who arrived and left on a school day (school-local date)");
        api.MapGroup("/schools/{id:long}").WithTags("Attendance").MapAttendanceReportApi().MapClassAbsenceApi().MapAttendanceSettingsApi();
        return api;
    }

    /// <param name="date">School-local date yyyy-MM-dd; defaults to today in the school time zone.</param>
    private static async Task<Results<Ok<AttendanceEntry[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        long? schoolId, string? date, StaffUser user, IDbConnectionFactory db, SchoolClock clock, CancellationToken ct)
    {
        var day = clock.Today;
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        await using var connection = await db.OpenAsync(ct);
        // An unknown school is not an empty one: a typo must not read as "nobody came".
        if (schoolId is { } asked && (!user.CanSee(asked) || !await connection.SchoolExistsAsync(asked)))
        {
            return Problems.NotFound("School", asked);
        }

        var rows = await connection.QueryAsync<Row>("""
            SELECT a.student_id AS StudentId, s.first_name AS FirstName, s.last_name AS LastName, s.school_id AS SchoolId,
                   a.school_day AS SchoolDay, a.arrived_at AS ArrivedAt, a.left_at AS LeftAt
            FROM attendance a JOIN students s ON s.id = a.student_id
            WHERE a.school_day = @day AND (@schoolId IS NULL OR s.school_id = @schoolId) AND (@scope IS NULL OR s.school_id = @scope)
            ORDER BY a.arrived_at, s.last_name, s.first_name
            """,
            new { day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), schoolId, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new AttendanceEntry(r.StudentId, r.FirstName, r.LastName, r.SchoolId, r.SchoolDay,
            UnixTime.FromMs(r.ArrivedAt), UnixTime.FromMs(r.LeftAt))).ToArray());
    }
}
