using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Students;

public sealed record CreateGuardian(string? FirstName, string? LastName, string? Phone, long? TelegramChatId);

public sealed record Guardian(long Id, string FirstName, string LastName, string? Phone, long? TelegramChatId);

public static class GuardiansApi
{
    internal const string SelectGuardian =
        "SELECT g.id AS Id, g.first_name AS FirstName, g.last_name AS LastName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId FROM guardians g";

    public static IEndpointRouteBuilder MapGuardiansApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/guardians").WithTags("Guardians");
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:long}", GetAsync);
        return app;
    }

    private static async Task<Results<Created<Guardian>, ValidationProblem>> CreateAsync(
        CreateGuardian body, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new Validator()
            .Required("firstName", body.FirstName)
            .Required("lastName", body.LastName)
            .Optional("phone", body.Phone, 32);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        var guardian = new Guardian(0, body.FirstName!.Trim(), body.LastName!.Trim(),
            string.IsNullOrWhiteSpace(body.Phone) ? null : body.Phone.Trim(), body.TelegramChatId);
        await using var connection = await db.OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO guardians (first_name, last_name, phone, telegram_chat_id) VALUES (@FirstName, @LastName, @Phone, @TelegramChatId) RETURNING id",
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
