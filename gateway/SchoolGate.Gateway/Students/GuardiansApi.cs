using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Students;

/// <param name="Language">Language of the parent messages: "kk", "ru" or "en"; omitted = Notifications:DefaultLanguage.</param>
public sealed record CreateGuardian(string? FirstName, string? LastName, string? Phone, long? TelegramChatId, string? Language = null);

/// <param name="Language">"kk", "ru" or "en"; null only for guardians registered before languages existed (they get the default).</param>
public sealed record Guardian(long Id, string FirstName, string LastName, string? Phone, long? TelegramChatId, string? Language);

public static class GuardiansApi
{
    internal const string SelectGuardian =
        "SELECT g.id AS Id, g.first_name AS FirstName, g.last_name AS LastName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId,"
        + " g.language AS Language FROM guardians g";

    public static IEndpointRouteBuilder MapGuardiansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/guardians").WithTags("Guardians");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        return app;
    }

    private static async Task<Results<Created<Guardian>, ValidationProblem>> CreateAsync(
        CreateGuardian body, IDbConnectionFactory db, IOptions<NotificationOptions> notifications, CancellationToken ct)
    {
        // The guardian's language is fixed when they are registered, so a later change of the
        // default never switches the language of parents who are already getting messages.
        var language = body.Language?.Trim().ToLowerInvariant() ?? notifications.Value.DefaultLanguage;
        var validator = new Validator()
            .Required("firstName", body.FirstName)
            .Required("lastName", body.LastName)
            .Optional("phone", body.Phone, 32)
            .OneOf("language", language, [.. MessageTemplates.Languages]);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        var guardian = new Guardian(0, body.FirstName!.Trim(), body.LastName!.Trim(),
            string.IsNullOrWhiteSpace(body.Phone) ? null : body.Phone.Trim(), body.TelegramChatId, language);
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO guardians (first_name, last_name, phone, telegram_chat_id, language)
            VALUES (@FirstName, @LastName, @Phone, @TelegramChatId, @Language) RETURNING id
            """,
            guardian);
        return TypedResults.Created($"/api/guardians/{id}", guardian with { Id = id });
    }

    private static async Task<Ok<Guardian[]>> ListAsync(IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return TypedResults.Ok((await connection.QueryAsync<Guardian>(SelectGuardian + " ORDER BY g.id")).ToArray());
    }

    private static async Task<Results<Ok<Guardian>, ProblemHttpResult>> GetAsync(long id, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var guardian = await connection.QuerySingleOrDefaultAsync<Guardian>(SelectGuardian + " WHERE g.id = @id", new { id });
        return guardian is null ? Problems.NotFound("Guardian", id) : TypedResults.Ok(guardian);
    }
}
