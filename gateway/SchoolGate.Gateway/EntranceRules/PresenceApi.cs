using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.EntranceRules;

public sealed record ResetPresence(
    [property: Required(ErrorMessage = "reason is required."), StringLength(200, MinimumLength = 1, ErrorMessage = "reason must be 1-200 characters.")] string? Reason);

/// <param name="Inside">Inside the school now, as the passages (and resets) of today say.</param>
public sealed record StudentPresence(long StudentId, bool Inside, string? SchoolDay, DateTimeOffset? ChangedAt, string? DeviceId);

public static class PresenceApi
{
    private sealed record Row(string SchoolDay, long Inside, long ChangedAt, string? DeviceId);

    public static RouteGroupBuilder MapPresenceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/students/{id:long}/presence", GetAsync).WithTags("Entrance rules").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Whether the student is inside now (anti-passback)");
        api.MapPost("/students/{id:long}/presence/reset", ResetAsync).WithTags("Entrance rules").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Count the student as outside (e.g. left through a gate without a reader): their next entry is not refused by anti-passback");
        return api;
    }

    private static async Task<Results<Ok<StudentPresence>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db,
        SchoolClock clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        return TypedResults.Ok(await ReadAsync(connection, id, clock, null));
    }

    private static async Task<Results<Ok<StudentPresence>, ProblemHttpResult>> ResetAsync(long id, ResetPresence body, StaffUser user,
        AuditActor actor, AuditLog audit, IDbConnectionFactory db, SchoolClock clock, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await ReadAsync(connection, id, clock, transaction);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync("""
            INSERT INTO presence (student_id, school_day, inside, changed_at, device_id) VALUES (@id, @day, 0, @nowMs, NULL)
            ON CONFLICT (student_id) DO UPDATE SET school_day = excluded.school_day, inside = 0, changed_at = excluded.changed_at, device_id = NULL
            """, new { id, day = clock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), nowMs = now.ToUnixTimeMilliseconds() },
            transaction);
        var after = await ReadAsync(connection, id, clock, transaction);
        await audit.RecordAsync(connection, transaction, actor, "reset", "presence", id, schoolId, before,
            new { after.StudentId, after.Inside, after.SchoolDay, after.ChangedAt, reason = body.Reason!.Trim() });
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<StudentPresence> ReadAsync(System.Data.Common.DbConnection connection, long id, SchoolClock clock,
        System.Data.Common.DbTransaction? transaction)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT school_day AS SchoolDay, inside AS Inside, changed_at AS ChangedAt, device_id AS DeviceId FROM presence WHERE student_id = @id",
            new { id }, transaction);
        var today = clock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return row is null
            ? new StudentPresence(id, false, null, null, null)
            : new StudentPresence(id, row.Inside == 1 && row.SchoolDay == today, row.SchoolDay, UnixTime.FromMs(row.ChangedAt), row.DeviceId);
    }
}
