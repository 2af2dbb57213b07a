using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Ingestion;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Turnstile passages -> one outbox row per guardian and channel. The dedupe key
/// <c>{deviceId}:{seq}:{guardianId}:{channel}</c> is UNIQUE, so a re-sent event can never queue
/// a second message even if it somehow got past the event's own primary key. An event kept as a
/// conflict (restarted seq counter) is a different passage with the same seq: its key is
/// <c>{deviceId}:{seq}:conflict-{id}:{guardianId}:{channel}</c>, so it gets its own message.
/// Least data: the text names the child by first name only. The text is rendered here, in the
/// guardian's language, and stored: a queued message never changes, even if the guardian later
/// picks another language or the templates change.
/// </summary>
public sealed class NotificationProjection(
    IEnumerable<INotificationChannel> channels, SchoolClock clock, OutboxSignal signal, IOptions<NotificationOptions> options)
    : IEventProjection
{
    private readonly INotificationChannel[] _channels = channels.ToArray();

    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        // Same rule as attendance: only a passage at the child's own school is "arrived at school".
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId || stored.Event.Type is not (PassageTypes.Entered or PassageTypes.Exited))
        {
            return;
        }

        var local = clock.ToLocal(stored.OccurredAt);
        var guardians = await scope.Connection.QueryAsync<GuardianContact>("""
            SELECT g.id AS GuardianId, g.first_name AS FirstName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId,
                   g.language AS Language, g.telegram_bot AS TelegramBot, g.telegram_blocked_at AS TelegramBlockedAt
            FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id WHERE sg.student_id = @id
            """,
            new { id = student.Id }, scope.Transaction);
        var createdAt = stored.ReceivedAt.ToUnixTimeMilliseconds();
        foreach (var guardian in guardians)
        {
            // Guardians registered before languages existed have none; a code written into the table
            // behind the API's back must not fail the event's transaction. Both get the default.
            var language = MessageTemplates.IsSupported(guardian.Language) ? guardian.Language! : options.Value.DefaultLanguage;
            var text = MessageTemplates.ForPassage(language, stored.Event.Type, student.FirstName, local);
            foreach (var channel in _channels.Where(c => c.CanReach(guardian)))
            {
                scope.NotificationsQueued += await scope.Connection.ExecuteAsync("""
                    INSERT INTO notification_outbox (guardian_id, student_id, channel, text, created_at, status, dedupe_key)
                    VALUES (@guardianId, @studentId, @channel, @text, @createdAt, 'queued', @dedupeKey)
                    ON CONFLICT DO NOTHING
                    """,
                    new
                    {
                        guardianId = guardian.GuardianId,
                        studentId = student.Id,
                        channel = channel.Name,
                        text,
                        createdAt,
                        dedupeKey = $"{stored.SourceKey}:{guardian.GuardianId}:{channel.Name}",
                    },
                    scope.Transaction);
            }
        }

        if (scope.NotificationsQueued > 0)
        {
            scope.AfterCommit(signal.Wake);
        }
    }
}
