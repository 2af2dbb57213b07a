namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// Which channel a guardian's message goes by: the first registered channel that can reach
/// them (Telegram if their chat is linked and not blocked, then SMS to a valid phone, then the
/// log when no real channel is configured). A fallback is the next one after a channel that failed.
/// </summary>
public sealed class NotificationRouter(IEnumerable<INotificationChannel> channels)
{
    private readonly INotificationChannel[] _channels = Order(channels);

    public IReadOnlyList<INotificationChannel> Channels => _channels;

    public INotificationChannel? Find(string name) => _channels.FirstOrDefault(c => c.Name == name);

    public INotificationChannel? Route(GuardianContact guardian) => _channels.FirstOrDefault(c => c.CanReach(guardian));

    /// <summary>A channel after <paramref name="failed"/> that can reach the guardian, or null.</summary>
    public INotificationChannel? FallbackAfter(string failed, GuardianContact guardian)
    {
        var index = Array.FindIndex(_channels, c => c.Name == failed);
        return _channels.Skip(index + 1).FirstOrDefault(c => c.CanReach(guardian));
    }

    // Telegram first (free, instant, read in the pilot), SMS next (paid), the log only when
    // nothing real is configured: a gateway with a real channel must not report "sent" for a
    // message that only reached its own console.
    private static INotificationChannel[] Order(IEnumerable<INotificationChannel> channels)
    {
        var all = channels.ToArray();
        var real = all.Where(c => c.Name != LogNotificationChannel.ChannelName).ToArray();
        var rank = new Dictionary<string, int>(StringComparer.Ordinal) { [Telegram.TelegramChannel.ChannelName] = 0, [Sms.SmsChannel.ChannelName] = 1 };
        return real.Length > 0
            ? [.. real.OrderBy(c => rank.GetValueOrDefault(c.Name, 2))]
            : all;
    }
}
