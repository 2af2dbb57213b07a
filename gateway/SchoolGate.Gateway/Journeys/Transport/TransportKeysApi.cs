using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Journeys.Transport;

public sealed record CreateTransportKey(
    [property: Required(ErrorMessage = "name is required."), StringLength(100, MinimumLength = 1, ErrorMessage = "name must be 1-100 characters.")] string? Name);

/// <summary>An operator's API keys for the tap intake: region admins issue (the key is shown once), list and revoke them; audited.</summary>
public static class TransportKeysApi
{
    public static RouteGroupBuilder MapTransportKeysApi(this RouteGroupBuilder transport)
    {
        var keys = transport.MapGroup("/operators/{id:long}/keys").RequireAuthorization(StaffPolicies.RegionAdmin);
        keys.MapGet("/", ListAsync).WithSummary("An operator's API keys (never their secrets)");
        keys.MapPost("/", CreateAsync).WithSummary("Issue an API key for the operator's tap intake; the key is in the answer, and only there");
        keys.MapDelete("/{keyId:long}", RevokeAsync).WithSummary("Revoke one of the operator's API keys (at once)");
        return transport;
    }

    private static async Task<Results<Ok<TransportApiKey[]>, ProblemHttpResult>> ListAsync(long id, TransportKeys keys, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await connection.OperatorExistsAsync(id))
        {
            return Problems.NotFound("Transport operator", id);
        }

        return TypedResults.Ok(await keys.ListAsync(connection, id));
    }

    private static async Task<Results<Created<NewTransportApiKey>, ProblemHttpResult>> CreateAsync(long id, CreateTransportKey body,
        TransportKeys keys, AuditActor actor, AuditLog audit, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await connection.OperatorExistsAsync(id, transaction))
        {
            return Problems.NotFound("Transport operator", id);
        }

        var key = await keys.CreateAsync(connection, transaction, id, body.Name!.Trim());
        // The key itself is never audited: only that it was issued, to whom, and its public prefix.
        await audit.RecordAsync(connection, transaction, actor, "create", "transport-api-key", key.Id, null, null,
            new { key.Id, key.OperatorId, key.Name, key.Prefix, key.CreatedAt });
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/transport/operators/{id}/keys/{key.Id}", key);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, long keyId, TransportKeys keys, AuditActor actor,
        AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await keys.RevokeAsync(connection, transaction, id, keyId) is not { } before)
        {
            return Problems.NotFound("Transport API key", keyId);
        }

        await audit.RecordAsync(connection, transaction, actor, "revoke", "transport-api-key", keyId, null, before,
            before with { RevokedAt = before.RevokedAt ?? UnixTime.FromMs(time.NowMs()) });
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}
