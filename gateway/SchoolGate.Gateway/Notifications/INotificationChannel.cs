namespace SchoolGate.Gateway.Notifications;

/// <summary>How a parent can be reached; a channel decides whether it applies to a guardian.</summary>
/// <param name="Language">"kk", "ru" or "en"; null for guardians registered before languages existed.</param>
public sealed record GuardianContact(long GuardianId, string FirstName, string? Phone, long? TelegramChatId, string? Language);

/// <summary>One queued parent message, as the dispatcher hands it to its channel.</summary>
public sealed record OutboxMessage(long Id, long GuardianId, long StudentId, string Channel, string Text,
    DateTimeOffset CreatedAt, string? Phone, long? TelegramChatId);

/// <summary>
/// A way to deliver parent messages. Messages are first written to notification_outbox (in the
/// same transaction as the event that caused them, with a unique dedupe key), then a dispatcher
/// hands each pending row to the channel named in it. Telegram and SMS plug in here: register
/// another implementation; <see cref="CanReach"/> picks the guardians it serves.
/// </summary>
public interface INotificationChannel
{
    string Name { get; }

    bool CanReach(GuardianContact guardian);

    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
