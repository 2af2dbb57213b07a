using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Ingestion;
using SchoolGate.Gateway.Notifications.Delivery;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Turnstile passages -> one outbox row per guardian, by the channel that reaches them now
/// (the engine routes it again if that changes before it goes). The idempotency key
/// <c>{deviceId}:{seq}:{guardianId}</c> is UNIQUE, so a re-sent event can never queue a second
/// message even if it somehow got past the event's own primary key. An event kept as a conflict
/// (restarted seq counter) is a different passage with the same seq: its key is
/// <c>{deviceId}:{seq}:conflict-{id}:{guardianId}</c>, so it gets its own message.
/// Least data: the text names the child by first name only. The text is rendered here, in the
/// guardian's language, and stored: a queued message never changes, even if the guardian later
/// picks another language or the templates change. Quiet hours and digests set when it may go.
/// </summary>
public sealed class NotificationProjection(NotificationRouter router, SchoolClock clock, OutboxSignal signal, IOptions<NotificationOptions> options)
    : IEventProjection
{
    private sealed record Guardian(long GuardianId, string FirstName, string? Phone, long? TelegramChatId, string? Language,
        string? TelegramBot, long? TelegramBlockedAt, string? NotifyMode, long? QuietFrom, long? QuietTo)
    {
        public GuardianContact Contact => new(GuardianId, FirstName, Phone, TelegramChatId, Language, TelegramBot, TelegramBlockedAt);
    }

    public async Task ApplyAsync(StoredEvent stored, EventScope scope)
    {
        // Same rule as attendance: only a passage at the child's own school is "arrived at school".
        if (stored.Device.Kind != DeviceKinds.Turnstile || stored.Student is not { } student
            || student.SchoolId != stored.Device.SchoolId || stored.Event.Type is not (PassageTypes.Entered or PassageTypes.Exited))
        {
            return;
        }

        var local = clock.ToLocal(stored.OccurredAt);
        var guardians = await scope.Connection.QueryAsync<Guardian>("""
            SELECT g.id AS GuardianId, g.first_name AS FirstName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId,
                   g.language AS Language, g.telegram_bot AS TelegramBot, g.telegram_blocked_at AS TelegramBlockedAt,
                   g.notify_mode AS NotifyMode, g.quiet_from AS QuietFrom, g.quiet_to AS QuietTo
            FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id WHERE sg.student_id = @id
            """,
            new { id = student.Id }, scope.Transaction);
        var digestAt = options.Value.DigestTime;
        var messages = guardians.Select(guardian =>
        {
            // Guardians registered before languages existed have none; a code written into the table
            // behind the API's back must not fail the event's transaction. Both get the default.
            var language = MessageTemplates.IsSupported(guardian.Language) ? guardian.Language! : options.Value.DefaultLanguage;
            var preferences = new ParentPreferences(guardian.NotifyMode, guardian.QuietFrom, guardian.QuietTo);
            return new QueuedMessage(guardian.GuardianId, student.Id, router.Route(guardian.Contact)?.Name ?? "none",
                MessageTemplates.ForPassage(language, stored.Event.Type, student.FirstName, local, stored.Event.Reason), DeliveryPriority.Attendance,
                stored.Event.Type == PassageTypes.Entered ? "arrived" : "left", stored.ReceivedAt,
                preferences.NotBefore(DeliveryPriority.Attendance, stored.ReceivedAt, clock, digestAt),
                $"{stored.SourceKey}:{guardian.GuardianId}");
        }).ToList();
        scope.NotificationsQueued += await OutboxWriter.QueueAsync(scope.Connection, scope.Transaction, messages);
        if (scope.NotificationsQueued > 0)
        {
            scope.AfterCommit(signal.Wake);
        }
    }
}
