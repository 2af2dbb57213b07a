using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Notifications.Delivery;
using SchoolGate.Gateway.Notifications.Telegram;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications;

/// <param name="Status">queued, sending, sent, delivered, failed, coalesced (went out inside <paramref name="CoalescedInto"/>) or unknown (in flight when a gateway died).</param>
/// <param name="Priority">emergency, safety, attendance or canteen.</param>
/// <param name="Reason">Why it is in its state: the last failure, a fallback, a wait.</param>
public sealed record Notification(long Id, long GuardianId, long StudentId, string Channel, string Text, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string Priority, string? Kind, string? Reason, DateTimeOffset? DeliveredAt,
    long? CoalescedInto, long Attempts);

/// <param name="OldestAgeSeconds">How long the oldest message still on its way has waited.</param>
public sealed record QueueDepth(string Priority, long Count, double OldestAgeSeconds);

public static class NotificationsApi
{
    private sealed record Row(long Id, long GuardianId, long StudentId, string Channel, string Text, string Status, long CreatedAt, long? SentAt,
        long Priority, string? Kind, string? Reason, long? DeliveredAt, long? CoalescedInto, long Attempts);

    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .Validate(o => MessageTemplates.IsSupported(o.DefaultLanguage),
                $"{NotificationOptions.Section}:{nameof(NotificationOptions.DefaultLanguage)} must be one of: {string.Join(", ", MessageTemplates.Languages)}.")
            .ValidateOnStart();
        builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.Section))
            .Validate(o => o.CoalesceSeconds is >= 0 and <= 60 && o.MaxHeld >= 100 && o.MaxAttempts >= 1 && o.UrgentFallbackAfterAttempts >= 1
                    && o.MaxCoalesced is >= 1 and <= 50,
                $"{DeliveryOptions.Section}: CoalesceSeconds 0-60, MaxCoalesced 1-50, MaxHeld >= 100, MaxAttempts and UrgentFallbackAfterAttempts >= 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        // The log stands in only while no real channel is registered (NotificationRouter).
        builder.Services.AddSingleton<INotificationChannel, LogNotificationChannel>();
        builder.Services.AddOptions<TelegramOptions>().Bind(builder.Configuration.GetSection(TelegramOptions.Section));
        builder.Services.TryAddSingleton<TelegramBots>();
        if (builder.Configuration.GetSection($"{TelegramOptions.Section}:{nameof(TelegramOptions.Bots)}").GetChildren().Any())
        {
            builder.Services.AddSingleton<INotificationChannel, TelegramChannel>();
        }

        builder.Services.AddSingleton<NotificationRouter>();
        builder.Services.AddSingleton<DeliveryStore>();
        builder.Services.AddSingleton<DeliveryEngine>();
        builder.Services.AddSingleton<StudentGuardians>();
        builder.Services.AddSingleton<IEventProjection, NotificationProjection>();
        builder.Services.AddHostedService<DeliveryWorker>();
        builder.Services.AddSingleton<OutboxRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRetention>());
        return builder;
    }

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notifications", ListAsync).WithTags("Notifications").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Parent messages, newest first, with their delivery status");
        api.MapGet("/notifications/queue", QueueAsync).WithTags("Notifications").RequireAuthorization(StaffPolicies.RegionAdmin)
            .WithSummary("Parent messages on their way, per priority: how many, and the age of the oldest");
        return api;
    }

    private static async Task<Results<Ok<Notification[]>, ValidationProblem, ProblemHttpResult>> ListAsync(
        long? guardianId, int? limit, StaffUser user, IDbConnectionFactory db, CancellationToken ct)
    {
        var validator = new FieldChecks().Limit(limit);
        if (!validator.IsValid)
        {
            return Problems.Invalid(validator.Errors);
        }

        await using var connection = await db.OpenAsync(ct);
        if (guardianId is { } asked && !await connection.GuardianVisibleAsync(asked, user.ScopeSchoolId))
        {
            return Problems.NotFound("Guardian", asked);
        }

        // A school sees the messages about its own students only, even to a guardian it shares.
        var rows = await connection.QueryAsync<Row>("""
            SELECT id AS Id, guardian_id AS GuardianId, student_id AS StudentId, channel AS Channel, text AS Text,
                   status AS Status, created_at AS CreatedAt, sent_at AS SentAt, priority AS Priority, kind AS Kind, reason AS Reason,
                   delivered_at AS DeliveredAt, coalesced_into AS CoalescedInto, attempts AS Attempts
            FROM notification_outbox
            WHERE (@guardianId IS NULL OR guardian_id = @guardianId)
              AND (@scope IS NULL OR student_id IN (SELECT id FROM students WHERE school_id = @scope))
            ORDER BY id DESC LIMIT @limit
            """,
            new { guardianId, limit = limit ?? 50, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new Notification(r.Id, r.GuardianId, r.StudentId, r.Channel, r.Text, r.Status,
            UnixTime.FromMs(r.CreatedAt), UnixTime.FromMs(r.SentAt), DeliveryPriority.Name((int)r.Priority), r.Kind, r.Reason,
            UnixTime.FromMs(r.DeliveredAt), r.CoalescedInto, r.Attempts)).ToArray());
    }

    private static async Task<Ok<QueueDepth[]>> QueueAsync(DeliveryStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.NowMs();
        var depth = (await store.DepthAsync(ct)).ToDictionary(d => d.Priority);
        return TypedResults.Ok(DeliveryPriority.All.Select(p => depth.TryGetValue(p, out var d)
            ? new QueueDepth(DeliveryPriority.Name(p), d.Count, Math.Max(0, now - d.OldestCreatedAt) / 1000.0)
            : new QueueDepth(DeliveryPriority.Name(p), 0, 0)).ToArray());
    }
}
