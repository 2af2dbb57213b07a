using System.Collections.Concurrent;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// One bot token's state: its send limits, its chats, its pending updates and its webhook.
/// </summary>
internal sealed class FakeBot(string token, long id, string username, FakeBotApiOptions options)
{
    private readonly ConcurrentDictionary<long, FakeChat> _chats = new();

    public string Token => token;

    public long Id => id;

    public string Username => username;

    /// <summary>Guards <see cref="Limit"/> and <see cref="PaidLimit"/>.</summary>
    public Lock Gate { get; } = new();

    public SendBucket Limit { get; } = new(options.MessagesPerSecond, options.MessagesBurst ?? options.MessagesPerSecond);

    public SendBucket PaidLimit { get; } = new(options.PaidMessagesPerSecond, options.PaidMessagesBurst ?? options.PaidMessagesPerSecond);

    public UpdateQueue Updates { get; } = new();

    /// <summary>Set by setWebhook; null: updates wait for getUpdates.</summary>
    public Webhook? Webhook { get; set; }

    public WebhookError? LastWebhookError { get; set; }

    public FakeChat Chat(long chatId) =>
        _chats.GetOrAdd(chatId, static (c, o) => new FakeChat(c, new SendBucket(o.MessagesPerChatPerSecond, o.MessagesPerChatBurst)), options);

    public FakeChat? FindChat(long chatId) => _chats.GetValueOrDefault(chatId);

    public IEnumerable<FakeChat> Chats => _chats.Values;
}

/// <summary>A webhook set with setWebhook.</summary>
internal sealed record Webhook(Uri Url, string? SecretToken);

/// <summary>The last failed webhook delivery, for getWebhookInfo.</summary>
internal sealed record WebhookError(DateTimeOffset At, string Message);
