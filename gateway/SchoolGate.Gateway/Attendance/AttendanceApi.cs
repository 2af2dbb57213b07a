using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
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
        builder.Services.AddSingleton<IEventProjection, AttendanceProjection>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAttendanceApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/attendance").WithTags("Attendance").MapGet("/", ListAsync);
        return app;
    }

    /// <param name="date">School-local date yyyy-MM-dd; defaults to today in the school time zone.</param>
    private static async Task<Results<Ok<AttendanceEntry[]>, ValidationProblem>> ListAsync(
        long? schoolId, string? date, IDbConnectionFactory db, SchoolClock clock, CancellationToken ct)
    {
        var day = clock.Today;
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Invalid("date", "date must be a date in the form yyyy-MM-dd.");
        }

        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>("""
            SELECT a.student_id AS StudentId, s.first_name AS FirstName, s.last_name AS LastName, s.school_id AS SchoolId,
                   a.school_day AS SchoolDay, a.arrived_at AS ArrivedAt, a.left_at AS LeftAt
            FROM attendance a JOIN students s ON s.id = a.student_id
            WHERE a.school_day = @day AND (@schoolId IS NULL OR s.school_id = @schoolId)
            ORDER BY a.arrived_at, s.last_name, s.first_name
            """,
            new { day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), schoolId });
        return TypedResults.Ok(rows.Select(r => new AttendanceEntry(r.StudentId, r.FirstName, r.LastName, r.SchoolId, r.SchoolDay,
            UnixTime.FromMs(r.ArrivedAt), UnixTime.FromMs(r.LeftAt))).ToArray());
    }
}
