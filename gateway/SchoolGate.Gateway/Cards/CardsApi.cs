using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Access;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Cards;

public sealed record CreateCard(
    [property: Required(ErrorMessage = "cardId is required."), WireId(ErrorMessage = "cardId must be 1-64 characters of A-Z a-z 0-9 - _ . :")] string? CardId,
    [property: Required(ErrorMessage = "studentId is required."), Range(1, long.MaxValue, ErrorMessage = "studentId must be a positive id.")] long? StudentId,
    string? ValidFrom = null,
    string? ValidUntil = null);

/// <summary>The school-local days a card opens the entrance: from <paramref name="ValidFrom"/> to <paramref name="ValidUntil"/> inclusive ('yyyy-MM-dd'; null: no limit).</summary>
public sealed record PutCardValidity(string? ValidFrom, string? ValidUntil);

/// <param name="ValidFrom">First school-local day the card opens the entrance ('yyyy-MM-dd'), null: no limit.</param>
/// <param name="ValidUntil">Last such day (inclusive), null: no limit.</param>
public sealed record Card(string CardId, long StudentId, string Status, DateTimeOffset? RevokedAt, string? ValidFrom = null, string? ValidUntil = null);

public static class CardStatus
{
    public const string Active = "active";
    public const string Revoked = "revoked";
}

public static class CardsApi
{
    private sealed record CardRow(string CardId, long StudentId, string Status, long? RevokedAt, long SchoolId, string? ValidFrom, string? ValidUntil)
    {
        public Card ToCard() => new(CardId, StudentId, Status, UnixTime.FromMs(RevokedAt), ValidFrom, ValidUntil);
    }

    private const string SelectCard = """
        SELECT c.card_id AS CardId, c.student_id AS StudentId, c.status AS Status, c.revoked_at AS RevokedAt, s.school_id AS SchoolId,
               c.valid_from AS ValidFrom, c.valid_until AS ValidUntil
        FROM cards c JOIN students s ON s.id = c.student_id WHERE c.card_id = @cardId
        """;

    public static RouteGroupBuilder MapCardsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cards").WithTags("Cards");
        group.MapPost("/", CreateAsync).RequireAuthorization(StaffPolicies.SchoolAdmin).WithSummary("Issue a card to a student");
        group.MapGet("/{cardId}", GetAsync).WithSummary("One card");
        group.MapPost("/{cardId}/revoke", RevokeAsync).RequireAuthorization(StaffPolicies.Security)
            .WithSummary("Revoke a card (lost or stolen): the next tap is denied, offline lists drop it within a second");
        group.MapPut("/{cardId}/validity", PutValidityAsync).RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("The school-local days the card opens the entrance (validFrom..validUntil, null: no limit)");
        return api;
    }

    private static async Task<Results<Created<Card>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateCard body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, AccessListPublisher accessLists,
        CancellationToken ct)
    {
        // fp:N is how a turnstile asks about a matched fingerprint (Biometrics/): a card by that id
        // would be read as a finger, or shadow one.
        if (body.CardId!.StartsWith(Credentials.FingerprintPrefix, StringComparison.Ordinal))
        {
            return Problems.Invalid("cardId", $"cardId must not start with '{Credentials.FingerprintPrefix}' (reserved for fingerprint templates).");
        }

        var validity = new FieldChecks().Validity(body.ValidFrom, body.ValidUntil);
        if (!validity.IsValid)
        {
            return Problems.Invalid(validity.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await connection.SchoolOfStudentAsync(body.StudentId) is not { } schoolId || !user.CanSee(schoolId))
        {
            return Problems.Invalid("studentId", $"Student {body.StudentId} does not exist.");
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        var inserted = await connection.ExecuteAsync(
            "INSERT INTO cards (card_id, student_id, status, valid_from, valid_until) VALUES (@CardId, @StudentId, 'active', @ValidFrom, @ValidUntil) ON CONFLICT DO NOTHING",
            body, transaction);
        if (inserted == 0)
        {
            // Said whoever's card it is: a card id is printed on the card, not a secret to protect.
            return Problems.Conflict($"Card '{body.CardId}' is already registered.");
        }

        var card = new Card(body.CardId!, body.StudentId!.Value, CardStatus.Active, null, body.ValidFrom, body.ValidUntil);
        await audit.RecordAsync(connection, transaction, actor, "create", "card", card.CardId, schoolId, null, card);
        await transaction.CommitAsync(ct);
        accessLists.CardChanged(body.CardId!);
        return TypedResults.Created($"/api/cards/{body.CardId}", card);
    }

    private static async Task<Results<Ok<Card>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string cardId, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new FieldChecks().WireId("cardId", cardId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<CardRow>(SelectCard, new { cardId });
        return row is null || !user.CanSee(row.SchoolId) ? Problems.NotFound("Card", cardId) : TypedResults.Ok(row.ToCard());
    }

    private static async Task<Results<Ok<Card>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        string cardId, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, AccessListPublisher accessLists,
        TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var validator = new FieldChecks().WireId("cardId", cardId);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<CardRow>(SelectCard, new { cardId }, transaction);
        if (before is null || !user.CanSee(before.SchoolId))
        {
            return Problems.NotFound("Card", cardId);
        }

        // Revoking twice keeps the first revocation time: that is when the card stopped working.
        await connection.ExecuteAsync(
            "UPDATE cards SET status = 'revoked', revoked_at = COALESCE(revoked_at, @now) WHERE card_id = @cardId",
            new { cardId, now = time.NowMs() }, transaction);
        var after = (await connection.QuerySingleAsync<CardRow>(SelectCard, new { cardId }, transaction)).ToCard();
        await audit.RecordAsync(connection, transaction, actor, "revoke", "card", cardId, before.SchoolId, before.ToCard(), after);
        await transaction.CommitAsync(ct);

        // After the commit: the recomputed list must not contain the card any more.
        accessLists.CardChanged(cardId);
        loggers.CreateLogger("SchoolGate.Cards").LogInformation("Card {CardId} revoked by {Login}", cardId, actor.Login);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<Ok<Card>, ValidationProblem, ProblemHttpResult>> PutValidityAsync(
        string cardId, PutCardValidity body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db,
        AccessListPublisher accessLists, CancellationToken ct)
    {
        var validator = new FieldChecks().WireId("cardId", cardId).Validity(body.ValidFrom, body.ValidUntil);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var before = await connection.QuerySingleOrDefaultAsync<CardRow>(SelectCard, new { cardId }, transaction);
        if (before is null || !user.CanSee(before.SchoolId))
        {
            return Problems.NotFound("Card", cardId);
        }

        await connection.ExecuteAsync("UPDATE cards SET valid_from = @ValidFrom, valid_until = @ValidUntil WHERE card_id = @cardId",
            new { cardId, body.ValidFrom, body.ValidUntil }, transaction);
        var after = before.ToCard() with { ValidFrom = body.ValidFrom, ValidUntil = body.ValidUntil };
        await audit.RecordAsync(connection, transaction, actor, "update", "card", cardId, before.SchoolId, before.ToCard(), after);
        await transaction.CommitAsync(ct);
        accessLists.CardChanged(cardId);
        return TypedResults.Ok(after);
    }
}
