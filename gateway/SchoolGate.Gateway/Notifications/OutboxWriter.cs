using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Notifications;

/// <summary>One parent message to queue: to one guardian, about one child, for one event.</summary>
/// <param name="IdempotencyKey">Unique per recipient and event: a second copy of the event can never queue a second message.</param>
/// <param name="Kind">What it is about, e.g. "arrived", "left", "emergency".</param>
public sealed record QueuedMessage(long GuardianId, long StudentId, string Channel, string Text, int Priority, string Kind,
    DateTimeOffset CreatedAt, DateTimeOffset? NotBefore, string IdempotencyKey);

/// <summary>Writes outbox rows, inside the caller's transaction (the event's own, so a message exists exactly when its event does).</summary>
public static class OutboxWriter
{
    /// <summary>Returns how many rows were new (a repeated key writes nothing).</summary>
    public static Task<int> QueueAsync(DbConnection connection, DbTransaction? transaction, IEnumerable<QueuedMessage> messages) =>
        connection.ExecuteAsync("""
            INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key, priority, kind, not_before)
            VALUES (@GuardianId, @StudentId, @Channel, @Text, @createdAt, 'queued', @IdempotencyKey, @Priority, @Kind, @notBefore)
            ON CONFLICT DO NOTHING
            """,
            messages.Select(m => new
            {
                m.GuardianId, m.StudentId, m.Channel, m.Text, m.Priority, m.Kind, m.IdempotencyKey,
                createdAt = m.CreatedAt.ToUnixTimeMilliseconds(),
                notBefore = m.NotBefore?.ToUnixTimeMilliseconds(),
            }),
            transaction);
}
