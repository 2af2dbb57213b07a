using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Students;

/// <param name="Phone">A Kazakhstan number in any usual spelling (+7 701 234 56 78, 8 (701) 234-56-78); stored as E.164 (+77012345678).</param>
/// <param name="Language">Language of the parent messages: "kk", "ru" or "en"; omitted = Notifications:DefaultLanguage.</param>
/// <param name="SchoolId">The school registering the guardian: a school's staff always register for their own; a region admin may omit it.</param>
public sealed record CreateGuardian(
    [property: Required(ErrorMessage = "firstName is required."), StringLength(100, ErrorMessage = "firstName must be at most 100 characters.")] string? FirstName,
    [property: Required(ErrorMessage = "lastName is required."), StringLength(100, ErrorMessage = "lastName must be at most 100 characters.")] string? LastName,
    [property: StringLength(32, ErrorMessage = "phone must be at most 32 characters.")] string? Phone,
    long? TelegramChatId,
    string? Language = null,
    [property: Range(1, long.MaxValue, ErrorMessage = "schoolId must be a positive id.")] long? SchoolId = null);

/// <param name="Language">"kk", "ru" or "en"; null only for guardians registered before languages existed (they get the default).</param>
/// <param name="SchoolId">The school that registered the guardian (null: registered region-wide or before schools kept them).</param>
public sealed record Guardian(long Id, string FirstName, string LastName, string? Phone, long? TelegramChatId, string? Language,
    long? SchoolId);

/// <summary>
/// Guardians. A school's staff see the guardians their school registered and those of its
/// students (a guardian with children at two schools is seen by both); region admins see all.
/// </summary>
public static class GuardiansApi
{
    internal const string SelectGuardian =
        "SELECT g.id AS Id, g.first_name AS FirstName, g.last_name AS LastName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId,"
        + " g.language AS Language, g.school_id AS SchoolId FROM guardians g";

    public static RouteGroupBuilder MapGuardiansApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/guardians").WithTags("Guardians").RequireAuthorization(StaffPolicies.SchoolAdmin);
        group.MapPost("/", CreateAsync).WithSummary("Register a guardian");
        group.MapGet("/", ListAsync).WithSummary("Guardians");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One guardian");
        return api;
    }

    private static async Task<Results<Created<Guardian>, ValidationProblem>> CreateAsync(
        CreateGuardian body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, IOptions<NotificationOptions> notifications,
        CancellationToken ct)
    {
        // The guardian's language is fixed when they are registered, so a later change of the
        // default never switches the language of parents who are already getting messages.
        var language = body.Language?.Trim().ToLowerInvariant() ?? notifications.Value.DefaultLanguage;
        var schoolId = user.IsRegionWide ? body.SchoolId : user.SchoolId;
        // Stored as E.164 so the SMS channel and a later lookup by number see one spelling of it.
        string? phone = null;
        var validator = new FieldChecks()
            .Check(string.IsNullOrWhiteSpace(body.Phone) || PhoneNumbers.TryNormalize(body.Phone, out phone), "phone", PhoneNumbers.Invalid)
            .OneOf("language", language, [.. MessageTemplates.Languages])
            .Check(body.SchoolId is null || body.SchoolId == schoolId, "schoolId", $"School {body.SchoolId} does not exist.");
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (schoolId is not null && !await connection.SchoolExistsAsync(schoolId))
        {
            return Problems.Invalid("schoolId", $"School {schoolId} does not exist.");
        }

        var guardian = new Guardian(0, body.FirstName!.Trim(), body.LastName!.Trim(), phone, body.TelegramChatId, language, schoolId);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO guardians (first_name, last_name, phone, telegram_chat_id, language, school_id)
            VALUES (@FirstName, @LastName, @Phone, @TelegramChatId, @Language, @SchoolId) RETURNING id
            """,
            guardian, transaction);
        guardian = guardian with { Id = id };
        await audit.RecordAsync(connection, transaction, actor, "create", "guardian", id, schoolId, null, guardian);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/guardians/{id}", guardian);
    }

    private static async Task<Ok<Guardian[]>> ListAsync(StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<Guardian>(
            SelectGuardian + $" WHERE {RecordExistence.GuardianInScope} ORDER BY g.id", new { scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.ToArray());
    }

    private static async Task<Results<Ok<Guardian>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var guardian = await connection.QuerySingleOrDefaultAsync<Guardian>(
            SelectGuardian + $" WHERE g.id = @id AND {RecordExistence.GuardianInScope}", new { id, scope = user.ScopeSchoolId });
        return guardian is null ? Problems.NotFound("Guardian", id) : TypedResults.Ok(guardian);
    }
}
