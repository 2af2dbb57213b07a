using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Cards;

public sealed record CreateCard(string? CardId, long? StudentId);

public sealed record Card(string CardId, long StudentId, string Status, DateTimeOffset? RevokedAt);

public static class CardStatus
{
    public const string Active = "active";
    public const string Revoked = "revoked";
}

public static class CardsApi
{
    private sealed record CardRow(string CardId, long StudentId, string Status, long? RevokedAt)
    {
        public Card ToCard() => new(CardId, StudentId, Status, UnixTime.FromMs(RevokedAt));
    }

    private const string SelectCard =
        "SELECT card_id AS CardId, student_id AS StudentId, status AS Status, revoked_at AS RevokedAt FROM cards WHERE card_id = @cardId";

    public static IEndpointRouteBuilder MapCardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cards").WithTags("Cards");
        group.MapPost("/", CreateAsync);
        group.MapGet("/{cardId}", GetAsync);
        group.MapPost("/{cardId}/revoke", RevokeAsync);
        return app;
    }

    private static async Task<Results<Created<Card>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateCard body, IDbConnectionFactory db, AccessListPublisher accessLists, CancellationToken ct)
    {
        var validator = new Validator().WireId("cardId", body.CardId).PositiveId("studentId", body.StudentId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.StudentExistsAsync(body.StudentId))
        {
            return Problems.Invalid("studentId", $"Student {body.StudentId} does not exist.");
        }

        var inserted = await connection.ExecuteAsync(
            "INSERT INTO cards (card_id, student_id, status) VALUES (@CardId, @StudentId, 'active') ON CONFLICT DO NOTHING", body);
        if (inserted == 0)
        {
            return Problems.Conflict($"Card '{body.CardId}' is already registered.");
        }

        accessLists.CardChanged(body.CardId!);

        return TypedResults.Created($"/api/cards/{body.CardId}", new Card(body.CardId!, body.StudentId!.Value, CardStatus.Active, null));
    }

    private static async Task<Results<Ok<Card>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string cardId, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new Validator().WireId("cardId", cardId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CardRow>(SelectCard, new { cardId });
        return row is null ? Problems.NotFound("Card", cardId) : TypedResults.Ok(row.ToCard());
    }

    private static async Task<Results<Ok<Card>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        string cardId, IDbConnectionFactory db, AccessListPublisher accessLists, TimeProvider time, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var validator = new Validator().WireId("cardId", cardId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        // Revoking twice keeps the first revocation time: that is when the card stopped working.
        var updated = await connection.ExecuteAsync(
            "UPDATE cards SET status = 'revoked', revoked_at = COALESCE(revoked_at, @now) WHERE card_id = @cardId",
            new { cardId, now = time.NowMs() });
        if (updated == 0)
        {
            return Problems.NotFound("Card", cardId);
        }

        // After the commit: the recomputed list must not contain the card any more.
        accessLists.CardChanged(cardId);
        loggers.CreateLogger("SchoolGate.Cards").LogInformation("Card {CardId} revoked", cardId);
        var row = await connection.QuerySingleAsync<CardRow>(SelectCard, new { cardId });
        return TypedResults.Ok(row.ToCard());
    }
}
