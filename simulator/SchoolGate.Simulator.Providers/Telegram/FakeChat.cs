namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// One chat as one bot sees it: its send limit, its message ids (Telegram numbers messages per
/// private chat, the user's and the bot's in one sequence) and the bot's messages in it.
/// Each chat has its own lock: sends to different chats never wait for each other.
/// </summary>
internal sealed class FakeChat(long id, SendBucket limit)
{
    private readonly List<SentSlot> _messages = [];
    private int _lastMessageId;

    public long Id => id;

    public Lock Gate { get; } = new();

    /// <summary>Use with <see cref="Gate"/> held.</summary>
    public SendBucket Limit => limit;

    public bool Blocked { get; set; }

    public int NextMessageId() => Interlocked.Increment(ref _lastMessageId);

    /// <summary>Call with <see cref="Gate"/> held.</summary>
    public void Add(SentSlot message) => _messages.Add(message);

    public SentSlot? Find(int messageId)
    {
        lock (Gate)
        {
            return _messages.Find(m => m.Current.MessageId == messageId);
        }
    }

    public BotMessage[] Messages()
    {
        lock (Gate)
        {
            return [.. _messages.Select(m => m.Current)];
        }
    }
}

/// <summary>
/// A sent message in both the chat's list and the fake's list of everything sent; an edit
/// replaces <see cref="Current"/> and both lists see it.
/// </summary>
internal sealed class SentSlot(BotMessage message)
{
    public BotMessage Current { get; set; } = message;
}
