using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Webhooks;

/// <summary>Something that happened at a school, for the subscriptions that asked for its kind.</summary>
/// <param name="SourceKey">Names the fact uniquely (for a device event: its <c>StoredEvent.SourceKey</c>).</param>
/// <param name="Data">The kind's own fields: as little as the integrator needs (no last names).</param>
public sealed record WebhookEvent(string SourceKey, string Kind, long SchoolId, DateTimeOffset OccurredAt, object Data);

/// <summary>
/// Queues one delivery per enabled subscription of the school that asked for the event's kind, in
/// the caller's transaction, so an event and its deliveries commit or roll back together. The
/// body is fixed here: every attempt sends the same bytes, and the event id in it is derived from
/// the kind and source key, so it is the same for every subscription and across retries: a
/// receiver dedupes by it. Disabled subscriptions get nothing until they are re-enabled.
/// </summary>
public sealed class WebhookQueue(SchoolClock clock, TimeProvider time, [FromKeyedServices(WebhookQueue.SignalKey)] OutboxSignal signal)
{
    public const string SignalKey = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> QueueAsync(DbConnection connection, DbTransaction transaction, WebhookEvent e)
    {
        var eventKey = $"{e.Kind}:{e.SourceKey}";
        var eventId = "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventKey)))[..32];
        var body = JsonSerializer.Serialize(new
        {
            id = eventId,
            type = e.Kind,
            occurredAt = e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            schoolLocalTime = clock.ToLocal(e.OccurredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture),
            schoolId = e.SchoolId,
            data = e.Data,
        }, Json);
        var now = time.NowMs();
        return await connection.ExecuteAsync("""
            INSERT INTO webhook_deliveries (subscription_id, event_key, event_id, kind, body, status, attempts, created_at, next_attempt_at)
            SELECT s.id, @eventKey, @eventId, @kind, @body, 'queued', 0, @now, @now
            FROM webhook_subscriptions s JOIN webhook_subscription_events k ON k.subscription_id = s.id
            WHERE s.school_id = @schoolId AND k.kind = @kind AND s.disabled_at IS NULL
            ON CONFLICT DO NOTHING
            """,
            new { eventKey, eventId, kind = e.Kind, body, now, schoolId = e.SchoolId }, transaction);
    }

    /// <summary>After the commit: the dispatcher goes at once instead of at its next poll.</summary>
    public void Wake() => signal.Wake();
}
