namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The parents' Telegram bots. No bot configured: Telegram is off. Several bots (e.g. one per
/// district) share the load: each has its own Telegram limits, and a school's guardians link to
/// the bot that lists the school (or to the one that lists none).
/// </summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    public const string Polling = "polling";
    public const string Webhook = "webhook";

    /// <summary>This gateway receives no updates (it only sends): one of several instances on one database, where only one may poll a bot.</summary>
    public const string Off = "off";

    public List<TelegramBotOptions> Bots { get; set; } = [];

    /// <summary>How updates (commands) arrive: "polling" (getUpdates; works behind NAT), "webhook" (Telegram POSTs them) or "off".</summary>
    public string Updates { get; set; } = Polling;

    /// <summary>The Bot API server; a local stand-in in tests and the demo.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>For "webhook": this gateway's public https address, registered with setWebhook at start.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Sends per second per bot. Telegram allows about 30; 28 leaves room for the bot's replies to
    /// commands, which do not go through the delivery queue.
    /// </summary>
    public double MessagesPerSecond { get; set; } = 28;

    /// <summary>Telegram allows about one message per second into one chat.</summary>
    public double MessagesPerChatPerSecond { get; set; } = 1;

    /// <summary>
    /// Telegram's paid broadcast (allow_paid_broadcast, charged in Stars, up to 1,000 messages/s):
    /// "off", "emergency" (only emergency messages use it) or "always".
    /// </summary>
    public string PaidBroadcast { get; set; } = "off";

    /// <summary>Sends per second per bot while paid broadcast is in use.</summary>
    public double PaidBroadcastMessagesPerSecond { get; set; } = 1000;

    /// <summary>How long a link code the school printed stays valid.</summary>
    public int LinkCodeDays { get; set; } = 14;

    /// <summary>Wrong /start codes one chat may send within <see cref="WrongCodeWindowMinutes"/> before its codes are refused unchecked.</summary>
    public int MaxWrongCodes { get; set; } = 5;

    public int WrongCodeWindowMinutes { get; set; } = 15;

    /// <summary>getUpdates long-poll timeout (polling mode); below the HTTP client's 60 s timeout.</summary>
    public int PollTimeoutSeconds { get; set; } = 25;
}

public sealed class TelegramBotOptions
{
    /// <summary>The bot's name in SchoolGate (config, the outbox, metrics); not secret.</summary>
    public string Name { get; set; } = "";

    /// <summary>From @BotFather: "123456:ABC...".</summary>
    public string Token { get; set; } = "";

    /// <summary>The bot's @username without '@', for deep links https://t.me/{Username}?start={code}.</summary>
    public string Username { get; set; } = "";

    /// <summary>The schools whose guardians link to this bot; empty: every school no other bot lists.</summary>
    public List<long> SchoolIds { get; set; } = [];

    /// <summary>For webhooks: Telegram sends it back in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -).</summary>
    public string? WebhookSecret { get; set; }
}
