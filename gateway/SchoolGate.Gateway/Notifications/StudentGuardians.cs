using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Attendance;
using SchoolGate.Gateway.Notifications.Delivery;

namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// One message about a child to each of the child's guardians, in each guardian's language, by the
/// channel that reaches them now (the engine routes it again if that changes before it goes), held
/// as their quiet hours and digest say, and queued in the caller's transaction (that of the fact
/// it tells of). Every feature that tells parents something (passages, bus taps, safety alerts)
/// queues through here, so they all choose language, channel and time the same way.
/// </summary>
public sealed class StudentGuardians(NotificationRouter router, SchoolClock clock, OutboxSignal signal, IOptions<NotificationOptions> options)
{
    private sealed record Guardian(long GuardianId, string FirstName, string? Phone, long? TelegramChatId, string? Language,
        string? TelegramBot, long? TelegramBlockedAt, string? NotifyMode, long? QuietFrom, long? QuietTo)
    {
        public GuardianContact Contact => new(GuardianId, FirstName, Phone, TelegramChatId, Language, TelegramBot, TelegramBlockedAt);
    }

    /// <summary>What to queue for one child: the text (per language), its priority and kind, and the fact's key.</summary>
    /// <param name="Text">The text in a language (always a supported one).</param>
    /// <param name="SourceKey">Names the fact; each guardian's idempotency key is <c>{SourceKey}:{guardianId}</c>.</param>
    public sealed record Message(long StudentId, Func<string, string> Text, int Priority, string Kind, DateTimeOffset QueuedAt, string SourceKey);

    /// <summary>Queues the message for every guardian of the child; returns how many rows were new. Wakes the engine after commit.</summary>
    public async Task<int> QueueAsync(DbConnection connection, DbTransaction transaction, Message message, Action<Action> afterCommit)
    {
        var guardians = await connection.QueryAsync<Guardian>("""
            SELECT g.id AS GuardianId, g.first_name AS FirstName, g.phone AS Phone, g.telegram_chat_id AS TelegramChatId,
                   g.language AS Language, g.telegram_bot AS TelegramBot, g.telegram_blocked_at AS TelegramBlockedAt,
                   g.notify_mode AS NotifyMode, g.quiet_from AS QuietFrom, g.quiet_to AS QuietTo
            FROM student_guardians sg JOIN guardians g ON g.id = sg.guardian_id WHERE sg.student_id = @id
            """,
            new { id = message.StudentId }, transaction);
        var digestAt = options.Value.DigestTime;
        var rows = guardians.Select(guardian =>
        {
            // Guardians registered before languages existed have none; a code written into the table
            // behind the API's back must not fail the fact's transaction. Both get the default.
            var language = MessageTemplates.IsSupported(guardian.Language) ? guardian.Language! : options.Value.DefaultLanguage;
            var preferences = new ParentPreferences(guardian.NotifyMode, guardian.QuietFrom, guardian.QuietTo);
            return new QueuedMessage(guardian.GuardianId, message.StudentId, router.Route(guardian.Contact)?.Name ?? "none",
                message.Text(language), message.Priority, message.Kind, message.QueuedAt,
                preferences.NotBefore(message.Priority, message.QueuedAt, clock, digestAt),
                $"{message.SourceKey}:{guardian.GuardianId}");
        }).ToList();
        var queued = await OutboxWriter.QueueAsync(connection, transaction, rows);
        if (queued > 0)
        {
            afterCommit(signal.Wake);
        }

        return queued;
    }
}
