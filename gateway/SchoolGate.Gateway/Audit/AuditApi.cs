using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Audit;

/// <summary>One audited write: who (account, role, address), what (action on entity), old and new value, when.</summary>
/// <param name="SchoolId">The school the record belongs to; null for region-wide records (schools' own rows are theirs).</param>
/// <param name="OldValue">The record before the write (null for a creation).</param>
/// <param name="NewValue">The record after it (null for a removal).</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, long? ActorId, string ActorLogin, string ActorRole, string? RemoteAddress,
    long? SchoolId, string Action, string Entity, string EntityId, JsonElement? OldValue, JsonElement? NewValue);

public static class AuditApi
{
    private sealed record Row(long Id, long At, long? ActorId, string ActorLogin, string ActorRole, string? RemoteAddress, long? SchoolId,
        string Action, string Entity, string EntityId, string? OldValue, string? NewValue)
    {
        public AuditEntry ToEntry() => new(Id, UnixTime.FromMs(At), ActorId, ActorLogin, ActorRole, RemoteAddress, SchoolId, Action, Entity,
            EntityId, Parse(OldValue), Parse(NewValue));

        private static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
    }

    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AuditLog>();
        return builder;
    }

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Audited writes, newest first")
            .WithDescription("Region admins see every school's (filter with schoolId); school admins only their own school's.");
        return api;
    }

    /// <param name="before">Only entries with a smaller id (the next page after the last one seen).</param>
    private static async Task<Results<Ok<AuditEntry[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        long? schoolId, string? entity, long? before, int? limit, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new FieldChecks().Limit(limit).Optional("entity", entity, 40);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        // As for the other lists: a school that does not exist is not one with an empty trail.
        if (schoolId is { } asked && (!user.CanSee(asked) || !await connection.SchoolExistsAsync(asked)))
        {
            return Problems.NotFound("School", asked);
        }

        var rows = await connection.QueryAsync<Row>("""
            SELECT id AS Id, at AS At, actor_id AS ActorId, actor_login AS ActorLogin, actor_role AS ActorRole, remote_address AS RemoteAddress,
                   school_id AS SchoolId, action AS Action, entity AS Entity, entity_id AS EntityId, old_value AS OldValue, new_value AS NewValue
            FROM audit_log
            WHERE (@scope IS NULL OR school_id = @scope) AND (@schoolId IS NULL OR school_id = @schoolId)
              AND (@entity IS NULL OR entity = @entity) AND (@before IS NULL OR id < @before)
            ORDER BY id DESC LIMIT @limit
            """,
            new { scope = user.ScopeSchoolId, schoolId, entity, before, limit = limit ?? 100 });
        return TypedResults.Ok(rows.Select(r => r.ToEntry()).ToArray());
    }
}
