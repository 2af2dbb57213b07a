using SchoolGate.DeviceSdk.Protocol;
using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.EntranceRules;

/// <param name="CardId">A spare card from the security desk: not registered to anyone, not on another pass today.</param>
/// <param name="RevokeCards">The child's own card is lost: revoke their active cards at the same time.</param>
public sealed record CreateTemporaryPass(
    [property: Required(ErrorMessage = "cardId is required."), WireId(ErrorMessage = "cardId must be 1-64 characters of A-Z a-z 0-9 - _ . :")] string? CardId,
    [property: Required(ErrorMessage = "reason is required."), StringLength(200, MinimumLength = 1, ErrorMessage = "reason must be 1-200 characters.")] string? Reason,
    bool? RevokeCards);

/// <param name="RevokedCards">The child's cards revoked with it (a lost card), comma-separated.</param>
public sealed record TemporaryPass(long Id, long SchoolId, long StudentId, string CardId, string Reason, string SchoolDay,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string IssuedBy, string? RevokedCards);

/// <summary>
/// A forgotten or lost card: security lends a spare card for the day. It lets this child in
/// (decision reason temporary_pass, under every other rule) until school-local midnight, is listed
/// on the child, and the guardian is told when the child comes in with it (NotificationProjection).
/// </summary>
public static class TemporaryPassesApi
{
    private sealed record Row(long Id, long SchoolId, long StudentId, string CardId, string Reason, string SchoolDay, long IssuedAt,
        long ExpiresAt, string IssuedBy, string? RevokedCards)
    {
        public TemporaryPass ToPass() => new(Id, SchoolId, StudentId, CardId, Reason, SchoolDay, UnixTime.FromMs(IssuedAt),
            UnixTime.FromMs(ExpiresAt), IssuedBy, RevokedCards);
    }

    public static RouteGroupBuilder MapTemporaryPassesApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/students/{id:long}/temporary-passes").WithTags("Entrance rules").RequireAuthorization(StaffPolicies.Security);
        group.MapPost("/", CreateAsync).WithSummary("Lend the student a spare card for today (forgotten or lost card)");
        group.MapGet("/", ListAsync).WithSummary("The student's temporary passes, newest first");
        return api;
    }

    private static async Task<Results<Created<TemporaryPass>, ValidationProblem, ProblemHttpResult>> CreateAsync(long id, CreateTemporaryPass body,
        StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, SchoolClock clock, TimeProvider time,
        AccessListPublisher accessLists, CancellationToken ct)
    {
        var reason = body.Reason!.Trim();
        if (reason.Length == 0)
        {
            return Problems.Invalid("reason", "reason is required.");
        }

        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        // fp:N names a fingerprint template (Biometrics/), never a card of the security desk.
        if (body.CardId!.StartsWith(Credentials.FingerprintPrefix, StringComparison.Ordinal))
        {
            return Problems.Invalid("cardId", $"cardId must not start with '{Credentials.FingerprintPrefix}' (reserved for fingerprint templates).");
        }

        if (await connection.SchoolOfCardAsync(body.CardId!) is not null)
        {
            return Problems.Invalid("cardId", $"Card '{body.CardId}' is a student's own card; a temporary pass needs a spare card that is registered to nobody.");
        }

        var now = time.GetUtcNow();
        var today = clock.DayOf(now);
        // School-local midnight: the pass is for this school day only.
        var expires = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue), clock.Zone), TimeSpan.Zero);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var lent = await connection.ExecuteScalarAsync<long?>(
            "SELECT student_id FROM temporary_passes WHERE card_id = @CardId AND expires_at > @nowMs ORDER BY id DESC LIMIT 1",
            new { body.CardId, nowMs = now.ToUnixTimeMilliseconds() }, transaction);
        if (lent is not null)
        {
            return Problems.Conflict($"Spare card '{body.CardId}' is already lent today (to student {lent}).");
        }

        var revoked = body.RevokeCards == true
            ? (await connection.QueryAsync<string>("""
                UPDATE cards SET status = 'revoked', revoked_at = COALESCE(revoked_at, @nowMs)
                WHERE student_id = @id AND status = 'active' RETURNING card_id
                """, new { id, nowMs = now.ToUnixTimeMilliseconds() }, transaction)).Order(StringComparer.Ordinal).ToList()
            : [];
        var row = await connection.QuerySingleAsync<Row>("""
            INSERT INTO temporary_passes (school_id, student_id, card_id, reason, school_day, issued_at, expires_at, issued_by, revoked_card_id)
            VALUES (@schoolId, @id, @CardId, @reason, @day, @nowMs, @expiresMs, @login, @revokedCards)
            RETURNING id AS Id, school_id AS SchoolId, student_id AS StudentId, card_id AS CardId, reason AS Reason, school_day AS SchoolDay,
                      issued_at AS IssuedAt, expires_at AS ExpiresAt, issued_by AS IssuedBy, revoked_card_id AS RevokedCards
            """,
            new
            {
                schoolId, id, body.CardId, reason, day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                nowMs = now.ToUnixTimeMilliseconds(), expiresMs = expires.ToUnixTimeMilliseconds(), login = actor.Login,
                revokedCards = revoked.Count > 0 ? string.Join(',', revoked) : null,
            }, transaction);
        var pass = row.ToPass();
        foreach (var card in revoked)
        {
            await audit.RecordAsync(connection, transaction, actor, "revoke", "card", card, schoolId, null, new { cardId = card, reason });
        }

        await audit.RecordAsync(connection, transaction, actor, "create", "temporary-pass", pass.Id, schoolId, null, pass);
        await transaction.CommitAsync(ct);
        foreach (var card in revoked)
        {
            accessLists.CardChanged(card);
        }

        return TypedResults.Created($"/api/students/{id}/temporary-passes/{pass.Id}", pass);
    }

    private static async Task<Results<Ok<TemporaryPass[]>, ProblemHttpResult>> ListAsync(long id, StaffUser user, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(id) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.NotFound("Student", id);
        }

        var rows = await connection.QueryAsync<Row>("""
            SELECT id AS Id, school_id AS SchoolId, student_id AS StudentId, card_id AS CardId, reason AS Reason, school_day AS SchoolDay,
                   issued_at AS IssuedAt, expires_at AS ExpiresAt, issued_by AS IssuedBy, revoked_card_id AS RevokedCards
            FROM temporary_passes WHERE student_id = @id ORDER BY id DESC LIMIT 100
            """, new { id });
        return TypedResults.Ok(rows.Select(r => r.ToPass()).ToArray());
    }
}
