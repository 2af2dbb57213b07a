namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// How fast one lane (a channel, or one bot of a channel) may send: in total, and into one
/// recipient. <paramref name="PaidPerSecond"/> is a second, faster budget for messages of
/// priority up to <paramref name="PaidUpToPriority"/> (Telegram's paid broadcast); 0 = none.
/// </summary>
public sealed record LaneLimits(double PerSecond, double PerRecipientPerSecond, double PaidPerSecond = 0, int PaidUpToPriority = -1)
{
    public static LaneLimits Unlimited { get; } = new(double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>A bucket holds one second of sends: a lane that was idle may spend a second's worth at once, never more.</summary>
    public double Burst => double.IsPositiveInfinity(PerSecond) ? 1 : Math.Max(1, PerSecond);
}

/// <summary>
/// A channel whose provider limits how fast it may send (Telegram: ~30/s per bot, 1/s per chat).
/// Other channels are one unlimited lane with a recipient per guardian.
/// </summary>
public interface IRateLimitedChannel
{
    /// <param name="lane">The lane within the channel, e.g. the bot's name; null if the channel has one lane.</param>
    LaneLimits LimitsFor(string? lane);

    /// <summary>The lane and the recipient (the unit of the per-recipient limit) a guardian is reached at.</summary>
    (string? Lane, string Recipient) AddressOf(GuardianContact guardian);
}
