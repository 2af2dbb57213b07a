using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys;

/// <param name="Status">"open" (boarded, not through the entrance by the deadline) or "cleared" (came in after the alert).</param>
public sealed record JourneyAlert(long Id, long SchoolId, long StudentId, string FirstName, string LastName, string Status, string? Route,
    string? Vehicle, DateTimeOffset BoardedAt, DateTimeOffset DueAt, DateTimeOffset? RaisedAt, DateTimeOffset? EnteredAt, DateTimeOffset? ClearedAt);

/// <param name="AlertAfterMinutes">Minutes after boarding by which the child should be through the entrance.</param>
/// <param name="IsDefault">True while the school uses the gateway's Journeys:AlertAfterMinutes.</param>
public sealed record JourneySchoolSettings(long SchoolId, int AlertAfterMinutes, bool IsDefault);

/// <param name="AlertAfterMinutes">5-240, or null to use the gateway's default again.</param>
public sealed record UpdateJourneySettings(
    [property: Range(JourneySettings.MinAlertAfterMinutes, JourneySettings.MaxAlertAfterMinutes,
        ErrorMessage = "alertAfterMinutes must be between 5 and 240 (or null for the default).")] int? AlertAfterMinutes);

/// <summary>A school's security list of bus alerts, and its setting of the cross-rule.</summary>
public static class JourneyAlertsApi
{
    private sealed record Row(long Id, long SchoolId, long StudentId, string FirstName, string LastName, string Status, string? Route,
        string? Vehicle, long BoardedAt, long DueAt, long? RaisedAt, long? EnteredAt, long? ClearedAt)
    {
        public JourneyAlert ToAlert() => new(Id, SchoolId, StudentId, FirstName, LastName, Status, Route, Vehicle, UnixTime.FromMs(BoardedAt),
            UnixTime.FromMs(DueAt), UnixTime.FromMs(RaisedAt), UnixTime.FromMs(EnteredAt), UnixTime.FromMs(ClearedAt));
    }

    public static RouteGroupBuilder MapJourneyAlertsApi(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{id:long}/journeys").WithTags("Journeys").RequireAuthorization(StaffPolicies.Security);
        school.MapGet("/alerts", ListAsync)
            .WithSummary("The security list: children who boarded a bus but were not through the entrance in time (open, then cleared)");
        school.MapGet("/settings", GetSettingsAsync).WithSummary("Minutes after boarding by which a child should be through the entrance");
        school.MapPut("/settings", UpdateSettingsAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Set the school's minutes after boarding (null: the gateway's default)");
        api.MapGet("/journeys/alerts", ListVisibleAsync).WithTags("Journeys").RequireAuthorization(StaffPolicies.Security)
            .WithSummary("The security lists of every school the account sees, in one (the dashboard's)");
        return api;
    }

    /// <param name="status">open, cleared or all (default: all, open first).</param>
    /// <param name="date">School-local day of the boardings, yyyy-MM-dd; default today.</param>
    private static async Task<Results<Ok<JourneyAlert[]>, ValidationProblem, ProblemHttpResult>> ListAsync(long id, string? status, string? date,
        StaffUser user, IDbConnectionFactory db, SchoolClock clock, CancellationToken ct)
    {
        var checks = Query(status, date, clock, out var day);
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || !await connection.SchoolExistsAsync(id))
        {
            return Problems.NotFound("School", id);
        }

        return TypedResults.Ok(await QueryAsync(connection, id, user.ScopeSchoolId, status, day, clock));
    }

    private static async Task<Results<Ok<JourneyAlert[]>, ValidationProblem>> ListVisibleAsync(string? status, string? date, StaffUser user,
        IDbConnectionFactory db, SchoolClock clock, CancellationToken ct)
    {
        var checks = Query(status, date, clock, out var day);
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        return TypedResults.Ok(await QueryAsync(connection, null, user.ScopeSchoolId, status, day, clock));
    }

    /// <summary>Checks the query values; <paramref name="day"/> is the day asked for (default today).</summary>
    private static FieldChecks Query(string? status, string? date, SchoolClock clock, out DateOnly day)
    {
        day = clock.Today;
        return new FieldChecks()
            .Check(status is null or "open" or "cleared" or "all", "status", "status must be one of: open, cleared, all.")
            .Check(date is null || DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day),
                "date", "date must be a date in the form yyyy-MM-dd.");
    }

    private static async Task<JourneyAlert[]> QueryAsync(System.Data.Common.DbConnection connection, long? schoolId, long? scope, string? status,
        DateOnly day, SchoolClock clock)
    {
        var (from, to) = clock.Bounds(day);
        var rows = await connection.QueryAsync<Row>("""
            SELECT a.id AS Id, a.school_id AS SchoolId, a.student_id AS StudentId, s.first_name AS FirstName, s.last_name AS LastName,
                   a.status AS Status, a.route AS Route, a.vehicle AS Vehicle, a.boarded_at AS BoardedAt, a.due_at AS DueAt,
                   a.raised_at AS RaisedAt, a.entered_at AS EnteredAt, a.cleared_at AS ClearedAt
            FROM journey_alerts a JOIN students s ON s.id = a.student_id
            WHERE (@schoolId IS NULL OR a.school_id = @schoolId) AND (@scope IS NULL OR a.school_id = @scope)
              AND a.boarded_at >= @from AND a.boarded_at < @to
              AND (a.status = 'open' AND @status IN ('open', 'all') OR a.status = 'cleared' AND @status IN ('cleared', 'all'))
            ORDER BY CASE WHEN a.status = 'open' THEN 0 ELSE 1 END, a.due_at, a.id
            """, new { schoolId, scope, from = UnixTime.ToMs(from), to = UnixTime.ToMs(to), status = status ?? "all" });
        return [.. rows.Select(r => r.ToAlert())];
    }

    private static async Task<Results<Ok<JourneySchoolSettings>, ProblemHttpResult>> GetSettingsAsync(long id, StaffUser user,
        IDbConnectionFactory db, JourneySettings settings, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || !await connection.SchoolExistsAsync(id))
        {
            return Problems.NotFound("School", id);
        }

        return TypedResults.Ok(await ReadAsync(connection, null, id, settings));
    }

    private static async Task<Results<Ok<JourneySchoolSettings>, ProblemHttpResult>> UpdateSettingsAsync(long id, UpdateJourneySettings body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, JourneySettings settings, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!user.CanSee(id) || !await connection.SchoolExistsAsync(id))
        {
            return Problems.NotFound("School", id);
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await ReadAsync(connection, transaction, id, settings);
        if (body.AlertAfterMinutes is { } minutes)
        {
            await connection.ExecuteAsync("""
                INSERT INTO school_journey_settings (school_id, alert_after_minutes, updated_at) VALUES (@id, @minutes, @now)
                ON CONFLICT (school_id) DO UPDATE SET alert_after_minutes = excluded.alert_after_minutes, updated_at = excluded.updated_at
                """, new { id, minutes, now = time.NowMs() }, transaction);
        }
        else
        {
            await connection.ExecuteAsync("DELETE FROM school_journey_settings WHERE school_id = @id", new { id }, transaction);
        }

        var after = await ReadAsync(connection, transaction, id, settings);
        await audit.RecordAsync(connection, transaction, actor, "update", "journey-settings", id, id, before, after);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<JourneySchoolSettings> ReadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        long schoolId, JourneySettings settings)
    {
        var own = await JourneySettings.OwnAlertAfterMinutesAsync(connection, transaction, schoolId);
        return new JourneySchoolSettings(schoolId, (int)(own ?? settings.DefaultAlertAfterMinutes), own is null);
    }
}
