using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using SchoolGate.Gateway.Accounts;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Notifications;

public sealed record Notification(long Id, long GuardianId, long StudentId, string Channel, string Text, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public static class NotificationsApi
{
    private sealed record Row(long Id, long GuardianId, long StudentId, string Channel, string Text, string Status, long CreatedAt, long? SentAt);

    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>()
            .Bind(builder.Configuration.GetSection(NotificationOptions.Section))
            .Validate(o => MessageTemplates.IsSupported(o.DefaultLanguage),
                $"{NotificationOptions.Section}:{nameof(NotificationOptions.DefaultLanguage)} must be one of: {string.Join(", ", MessageTemplates.Languages)}.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<INotificationChannel, LogNotificationChannel>();
        builder.Services.AddSingleton<IEventProjection, NotificationProjection>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        return builder;
    }

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/notifications", ListAsync).WithTags("Notifications").RequireAuthorization(StaffPolicies.SchoolAdmin)
            .WithSummary("Parent messages, newest first, with their delivery status");
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
                   status AS Status, created_at AS CreatedAt, sent_at AS SentAt
            FROM notification_outbox
            WHERE (@guardianId IS NULL OR guardian_id = @guardianId)
              AND (@scope IS NULL OR student_id IN (SELECT id FROM students WHERE school_id = @scope))
            ORDER BY id DESC LIMIT @limit
            """,
            new { guardianId, limit = limit ?? 50, scope = user.ScopeSchoolId });
        return TypedResults.Ok(rows.Select(r => new Notification(r.Id, r.GuardianId, r.StudentId, r.Channel, r.Text, r.Status,
            UnixTime.FromMs(r.CreatedAt), UnixTime.FromMs(r.SentAt))).ToArray());
    }
}
