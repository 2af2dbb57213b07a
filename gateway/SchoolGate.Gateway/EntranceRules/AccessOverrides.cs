using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Schedule;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.EntranceRules;

/// <param name="DeviceId">Only this lane of the school (null: any of its lanes).</param>
public sealed record CreateOverride(
    [property: Required(ErrorMessage = "studentId is required."), Range(1, long.MaxValue, ErrorMessage = "studentId must be a positive id.")] long? StudentId,
    [property: Required(ErrorMessage = "reason is required."), StringLength(200, MinimumLength = 1, ErrorMessage = "reason must be 1-200 characters.")] string? Reason,
    [property: WireId(ErrorMessage = "deviceId must be 1-64 characters of A-Z a-z 0-9 - _ . :")] string? DeviceId);

public sealed record AccessOverride(long Id, long SchoolId, long StudentId, string? DeviceId, string Reason, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt, string? UsedDeviceId);

/// <summary>
/// "Let X in": security lets one student's next entry through whatever the rules say (an unknown
/// card still stays out: nobody knows whose it is), within the school's override minutes
/// (default 10), once. Both the order and its use are in the audit trail.
/// </summary>
public sealed class AccessOverrides(AuditLog audit)
{
    private sealed record Row(long Id, long SchoolId, long StudentId, string? DeviceId, string Reason, string CreatedBy, long CreatedAt,
        long ExpiresAt, long? UsedAt, string? UsedDeviceId)
    {
        public AccessOverride ToOverride() => new(Id, SchoolId, StudentId, DeviceId, Reason, CreatedBy, UnixTime.FromMs(CreatedAt),
            UnixTime.FromMs(ExpiresAt), UnixTime.FromMs(UsedAt), UsedDeviceId);
    }

    private const string SelectOverride = """
        SELECT id AS Id, school_id AS SchoolId, student_id AS StudentId, device_id AS DeviceId, reason AS Reason, created_by AS CreatedBy,
               created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt, used_device_id AS UsedDeviceId FROM access_overrides
        """;

    /// <summary>Claims the override for this entry; false when another lane used it a moment ago.</summary>
    public async Task<bool> UseAsync(DbConnection connection, long id, string deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var used = await connection.QuerySingleOrDefaultAsync<Row>($"""
            UPDATE access_overrides SET used_at = @nowMs, used_device_id = @deviceId WHERE id = @id AND used_at IS NULL
            RETURNING id AS Id, school_id AS SchoolId, student_id AS StudentId, device_id AS DeviceId, reason AS Reason, created_by AS CreatedBy,
                      created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt, used_device_id AS UsedDeviceId
            """, new { id, deviceId, nowMs = now.ToUnixTimeMilliseconds() }, transaction);
        if (used is null)
        {
            return false;
        }

        await audit.RecordAsync(connection, transaction, AuditActor.Gateway, "use", "access-override", id, used.SchoolId, null, used.ToOverride());
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public static RouteGroupBuilder MapOverridesApi(RouteGroupBuilder school)
    {
        school.MapPost("/overrides", CreateAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Let a student in: their next entry within the school's override minutes is allowed, once (reason required)");
        school.MapGet("/overrides", ListAsync).RequireAuthorization(StaffPolicies.Security).WithSummary("The school's latest overrides");
        return school;
    }

    private static async Task<Results<Created<AccessOverride>, ValidationProblem, ProblemHttpResult>> CreateAsync(long id, CreateOverride body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var reason = body.Reason!.Trim();
        if (reason.Length == 0)
        {
            return Problems.Invalid("reason", "reason is required.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var checks = new FieldChecks()
            .Check(await connection.SchoolOfStudentAsync(body.StudentId) == id, "studentId", $"The school has no student {body.StudentId}.")
            .Check(body.DeviceId is null || await connection.SchoolOfDeviceAsync(body.DeviceId) == id, "deviceId",
                $"The school has no device '{body.DeviceId}'.");
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        var settings = await SchoolRuleSettings.LoadAsync(connection, id);
        var now = time.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var row = await connection.QuerySingleAsync<Row>("""
            INSERT INTO access_overrides (school_id, student_id, device_id, reason, created_by, created_at, expires_at)
            VALUES (@id, @StudentId, @DeviceId, @reason, @login, @createdAt, @expiresAt)
            RETURNING id AS Id, school_id AS SchoolId, student_id AS StudentId, device_id AS DeviceId, reason AS Reason, created_by AS CreatedBy,
                      created_at AS CreatedAt, expires_at AS ExpiresAt, used_at AS UsedAt, used_device_id AS UsedDeviceId
            """,
            new
            {
                id, body.StudentId, body.DeviceId, reason, login = actor.Login, createdAt = now.ToUnixTimeMilliseconds(),
                expiresAt = now.AddMinutes(settings.OverrideMinutes).ToUnixTimeMilliseconds(),
            }, transaction);
        var created = row.ToOverride();
        await audit.RecordAsync(connection, transaction, actor, "create", "access-override", created.Id, id, null, created);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/schools/{id}/overrides/{created.Id}", created);
    }

    private static async Task<Results<Ok<AccessOverride[]>, ValidationProblem, ProblemHttpResult>> ListAsync(long id, int? limit, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        var checks = new FieldChecks().Limit(limit);
        if (!checks.IsValid)
        {
            return Problems.Invalid(checks.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolVisibleAsync(user, id))
        {
            return Problems.NotFound("School", id);
        }

        var rows = await connection.QueryAsync<Row>(SelectOverride + " WHERE school_id = @id ORDER BY id DESC LIMIT @limit",
            new { id, limit = limit ?? 50 });
        return TypedResults.Ok(rows.Select(r => r.ToOverride()).ToArray());
    }
}
