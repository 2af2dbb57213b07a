namespace SchoolGate.Gateway.Notifications;

/// <summary>How a parent can be reached; a channel decides whether it applies to a guardian.</summary>
/// <param name="Language">"kk", "ru" or "en"; null for guardians registered before languages existed.</param>
/// <param name="TelegramBot">The bot the guardian's chat talks to (a chat can hear only from the bot it started).</param>
/// <param name="TelegramBlockedAt">When the chat blocked the bot (Telegram answered 403), unix ms: it cannot be written to.</param>
public sealed record GuardianContact(long GuardianId, string FirstName, string? Phone, long? TelegramChatId, string? Language,
    string? TelegramBot, long? TelegramBlockedAt)
{
    public bool TelegramBlocked => TelegramBlockedAt is not null;
}

/// <summary>One queued parent message, as the delivery engine hands it to its channel.</summary>
/// <param name="Priority">One of <see cref="DeliveryPriority"/>: what a channel may spend on it (e.g. paid broadcast for an emergency).</param>
/// <param name="Bot">For Telegram: the bot the chat talks to.</param>
public sealed record OutboxMessage(long Id, long GuardianId, long StudentId, string Channel, string Text,
    DateTimeOffset CreatedAt, string? Phone, long? TelegramChatId, int Priority = DeliveryPriority.Attendance, string? Bot = null);

/// <summary>What a provider said when it took a message: its id for it, to match a later delivery report.</summary>
/// <param name="Delivered">The provider confirmed delivery in its answer (Telegram does: the message is in the chat).</param>
public sealed record DeliveryReceipt(string? ProviderId, bool Delivered);

/// <summary>
/// A way to deliver parent messages. Messages are first written to notification_outbox (in the
/// same transaction as the event that caused them, with a unique idempotency key per recipient
/// and event), then the delivery engine hands each queued row to the channel named in it, within
/// the channel's rate limits. A failure is a <see cref="DeliveryFailedException"/> saying what the
/// engine should do next; any other exception counts as <see cref="DeliveryFailure.Transient"/>.
/// </summary>
public interface INotificationChannel
{
    string Name { get; }

    bool CanReach(GuardianContact guardian);

    Task<DeliveryReceipt> SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
