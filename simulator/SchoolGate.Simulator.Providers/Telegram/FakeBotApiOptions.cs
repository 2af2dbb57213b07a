namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// The limits and behaviour of a <see cref="FakeBotApi"/>. The defaults are Telegram's published
/// limits; a load simulation may tighten or loosen them to see how the sender copes.
/// </summary>
public sealed class FakeBotApiOptions
{
    /// <summary>The loopback port to listen on; 0 lets the operating system choose (see <see cref="FakeBotApi.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>sendMessage calls per second per bot token ("about 30" in Telegram's FAQ).</summary>
    public double MessagesPerSecond { get; set; } = 30;

    /// <summary>How many messages a bot may send at once after a quiet spell; by default one second's worth.</summary>
    public double? MessagesBurst { get; set; }

    /// <summary>Messages per second per bot with allow_paid_broadcast (Telegram: up to 1,000, charged in Stars).</summary>
    public double PaidMessagesPerSecond { get; set; } = 1000;

    /// <summary>Paid broadcast burst; by default one second's worth.</summary>
    public double? PaidMessagesBurst { get; set; }

    /// <summary>sendMessage calls per second into one chat (Telegram: "avoid more than one message per second").</summary>
    public double MessagesPerChatPerSecond { get; set; } = 1;

    /// <summary>
    /// How many messages one chat may take at once. 1 by default: Telegram tolerates "short bursts"
    /// without saying how long, and a sender that only works thanks to them breaks the day they shrink.
    /// </summary>
    public double MessagesPerChatBurst { get; set; } = 1;

    /// <summary>How often a webhook POST is tried before the update is given up (Telegram retries too).</summary>
    public int WebhookAttempts { get; set; } = 3;

    /// <summary>The pause before the second webhook attempt; it doubles for each further one.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long one webhook POST may take before it counts as failed.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
