using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Webhooks;

/// <param name="Url">Where deliveries are POSTed: https (http only to loopback).</param>
/// <param name="Events">Event kinds, e.g. ["passage.entered", "passage.exited"].</param>
/// <param name="SchoolId">Required for a region admin; a school admin's subscriptions are always their own school's.</param>
public sealed record CreateWebhook(
    [property: Required(ErrorMessage = "url is required.")] string? Url,
    [property: Required(ErrorMessage = "events is required.")] string[]? Events,
    [property: StringLength(200, ErrorMessage = "description must be at most 200 characters.")] string? Description = null,
    [property: Range(1, long.MaxValue, ErrorMessage = "schoolId must be a positive id.")] long? SchoolId = null);

/// <summary>The only time the signing secret is shown: at creation and at rotation.</summary>
public sealed record WebhookWithSecret(WebhookSubscription Subscription, string Secret);

/// <param name="Status">queued (waiting for its next attempt), delivered, or failed (given up after Webhooks:MaxAttemptsPerDelivery).</param>
public sealed record WebhookDelivery(long Id, string EventId, string Type, string Status, long Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, long? LastStatusCode, string? LastError);

/// <summary>
/// Integrators' webhooks, per school: a school's admins manage their school's subscriptions
/// (another school's answer 404, as if they did not exist); region admins manage any. Every
/// change is audited, without the secret.
/// </summary>
public static class WebhooksApi
{
    private sealed record DeliveryRow(long Id, string EventId, string Kind, string Status, long Attempts, long CreatedAt, long NextAttemptAt,
        long? DeliveredAt, long? LastStatusCode, string? LastError);

    public static WebApplicationBuilder AddIntegratorWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .ValidateProblem(o => o.Problem())
            .ValidateOnStart();
        builder.Services.AddKeyedSingleton<OutboxSignal>(WebhookQueue.SignalKey);
        builder.Services.AddSingleton<WebhookQueue>();
        builder.Services.AddSingleton<IEventProjection, PassageWebhookProjection>();
        builder.Services.AddHostedService<WebhookDispatcher>();
        return builder;
    }

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(StaffPolicies.SchoolAdmin);
        group.MapPost("/", CreateAsync).WithSummary("Subscribe an address to event kinds; the signing secret is in the answer, and only there");
        group.MapGet("/", ListAsync).WithSummary("Subscriptions, with their health (failures in a row, disabledAt)");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One subscription");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Remove a subscription and its queued deliveries");
        group.MapPost("/{id:long}/enable", EnableAsync).WithSummary("Re-enable a disabled subscription; its queued deliveries go again");
        group.MapPost("/{id:long}/rotate-secret", RotateSecretAsync).WithSummary("Replace the signing secret; the new one is in the answer, and only there");
        group.MapGet("/{id:long}/deliveries", DeliveriesAsync).WithSummary("Recent deliveries, newest first");
        return api;
    }

    private static async Task<Results<Created<WebhookWithSecret>, ValidationProblem>> CreateAsync(
        CreateWebhook body, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        var schoolId = user.IsRegionWide ? body.SchoolId : user.SchoolId;
        var events = body.Events!.Distinct(StringComparer.Ordinal).ToArray();
        var validator = new FieldChecks()
            .Check(WebhookUrls.IsAllowed(body.Url), "url", WebhookUrls.Rule)
            .Check(events.Length > 0 && events.All(WebhookEventKinds.IsKnown), "events",
                $"events must name one or more of: {string.Join(", ", WebhookEventKinds.All)}.")
            .Check(schoolId is not null, "schoolId", "schoolId is required.")
            .Check(body.SchoolId is null || body.SchoolId == schoolId, "schoolId", $"School {body.SchoolId} does not exist.");
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (!await connection.SchoolExistsAsync(schoolId))
        {
            return Problems.Invalid("schoolId", $"School {schoolId} does not exist.");
        }

        var secret = WebhookSignature.NewSecret();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO webhook_subscriptions (school_id, url, description, secret, created_at) VALUES (@schoolId, @Url, @Description, @secret, @now)
            RETURNING id
            """, new { schoolId, body.Url, body.Description, secret, now = time.NowMs() }, transaction);
        foreach (var kind in events)
        {
            await connection.ExecuteAsync("INSERT INTO webhook_subscription_events (subscription_id, kind) VALUES (@id, @kind)", new { id, kind }, transaction);
        }

        var created = (await connection.FindAsync(id, null, transaction))!;
        await audit.RecordAsync(connection, transaction, actor, "create", "webhook", id, schoolId, null, created);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/webhooks/{id}", new WebhookWithSecret(created, secret));
    }

    private static async Task<Results<Ok<WebhookSubscription[]>, ProblemHttpResult>> ListAsync(
        long? schoolId, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (schoolId is { } asked && (!user.CanSee(asked) || !await connection.SchoolExistsAsync(asked)))
        {
            return Problems.NotFound("School", asked);
        }

        return TypedResults.Ok(await connection.ListAsync(schoolId, user.ScopeSchoolId));
    }

    private static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> GetAsync(long id, StaffUser user, IDbConnectionFactory db,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.FindAsync(id, user.ScopeSchoolId) is { } found ? TypedResults.Ok(found) : NotFound(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, StaffUser user, AuditActor actor, AuditLog audit,
        IDbConnectionFactory db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.FindAsync(id, user.ScopeSchoolId, transaction) is not { } found)
        {
            return NotFound(id);
        }

        // Its history goes with it: the audit trail keeps what it was and who removed it.
        await connection.ExecuteAsync("DELETE FROM webhook_deliveries WHERE subscription_id = @id", new { id }, transaction);
        await connection.ExecuteAsync("DELETE FROM webhook_subscription_events WHERE subscription_id = @id", new { id }, transaction);
        await connection.ExecuteAsync("DELETE FROM webhook_subscriptions WHERE id = @id", new { id }, transaction);
        await audit.RecordAsync(connection, transaction, actor, "delete", "webhook", id, found.SchoolId, found, null);
        await transaction.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<WebhookSubscription>, ProblemHttpResult>> EnableAsync(long id, StaffUser user, AuditActor actor,
        AuditLog audit, IDbConnectionFactory db, TimeProvider time, [FromKeyedServices(WebhookQueue.SignalKey)] OutboxSignal signal,
        CancellationToken ct)
    {
        var result = await ChangeAsync(id, user, actor, audit, db, "enable", ct, async (connection, transaction) =>
        {
            await connection.ExecuteAsync("""
                UPDATE webhook_subscriptions SET disabled_at = NULL, disabled_reason = NULL, consecutive_failures = 0, retry_at = NULL WHERE id = @id
                """, new { id }, transaction);
            await connection.ExecuteAsync("UPDATE webhook_deliveries SET next_attempt_at = @now WHERE subscription_id = @id AND status = 'queued'",
                new { id, now = time.NowMs() }, transaction);
        });
        signal.Wake();
        return result is { } changed ? TypedResults.Ok(changed) : NotFound(id);
    }

    private static async Task<Results<Ok<WebhookWithSecret>, ProblemHttpResult>> RotateSecretAsync(long id, StaffUser user, AuditActor actor,
        AuditLog audit, IDbConnectionFactory db, TimeProvider time, CancellationToken ct)
    {
        // The old secret stops at once: a receiver switches to the new one when it gets it.
        var secret = WebhookSignature.NewSecret();
        var result = await ChangeAsync(id, user, actor, audit, db, "rotate-secret", ct, (connection, transaction) =>
            connection.ExecuteAsync("UPDATE webhook_subscriptions SET secret = @secret, secret_rotated_at = @now WHERE id = @id",
                new { id, secret, now = time.NowMs() }, transaction));
        return result is { } changed ? TypedResults.Ok(new WebhookWithSecret(changed, secret)) : NotFound(id);
    }

    /// <summary>Applies <paramref name="change"/> to a subscription the user may see, audited; null when there is none.</summary>
    private static async Task<WebhookSubscription?> ChangeAsync(long id, StaffUser user, AuditActor actor, AuditLog audit, IDbConnectionFactory db,
        string action, CancellationToken ct, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> change)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (await connection.FindAsync(id, user.ScopeSchoolId, transaction) is not { } before)
        {
            return null;
        }

        await change(connection, transaction);
        var after = (await connection.FindAsync(id, null, transaction))!;
        await audit.RecordAsync(connection, transaction, actor, action, "webhook", id, before.SchoolId, before, after);
        await transaction.CommitAsync(ct);
        return after;
    }

    private static async Task<Results<Ok<WebhookDelivery[]>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(long id, int? limit, StaffUser user,
        IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new FieldChecks().Limit(limit);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (await connection.FindAsync(id, user.ScopeSchoolId) is null)
        {
            return NotFound(id);
        }

        var rows = await connection.QueryAsync<DeliveryRow>("""
            SELECT id AS Id, event_id AS EventId, kind AS Kind, status AS Status, attempts AS Attempts, created_at AS CreatedAt,
                   next_attempt_at AS NextAttemptAt, delivered_at AS DeliveredAt, last_status_code AS LastStatusCode, last_error AS LastError
            FROM webhook_deliveries WHERE subscription_id = @id ORDER BY id DESC LIMIT @limit
            """, new { id, limit = limit ?? 50 });
        return TypedResults.Ok(rows.Select(r => new WebhookDelivery(r.Id, r.EventId, r.Kind, r.Status, r.Attempts, UnixTime.FromMs(r.CreatedAt),
            r.Status == "queued" ? UnixTime.FromMs(r.NextAttemptAt) : null, UnixTime.FromMs(r.DeliveredAt), r.LastStatusCode, r.LastError)).ToArray());
    }

    private static ProblemHttpResult NotFound(long id) => Problems.NotFound("Webhook subscription", id);
}
