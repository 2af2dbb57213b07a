using SchoolGate.Simulator.Providers.Telegram;

namespace SchoolGate.Gateway.Tests.Telegram;

/// <summary>A test playing a parent in Telegram: writes to the bot, presses its buttons, reads what it answered.</summary>
internal sealed class TelegramParent(FakeBotApi api, string token, long chatId, string? languageCode)
{
    public long ChatId => chatId;

    public IReadOnlyList<BotMessage> Messages => api.MessagesTo(token, chatId);

    /// <summary>Writes <paramref name="text"/> and returns the bot's answer (polling brings it in the bot's own time).</summary>
    public async Task<BotMessage> SendAsync(string text)
    {
        var before = Messages.Count;
        await api.UserSends(token, chatId, text, "Gulnara", languageCode);
        await Eventually.TrueAsync(() => Messages.Count > before, $"the bot's answer to \"{text}\"");
        return Messages[before];
    }

    /// <summary>Presses the button labelled <paramref name="button"/>; returns the answer toast and the message as it stands then.</summary>
    public async Task<(CallbackAnswer Answer, BotMessage Message)> PressAsync(BotMessage message, string button, bool expectEdit = true) =>
        await PressDataAsync(message, message.CallbackDataOf(button), expectEdit);

    public async Task<(CallbackAnswer Answer, BotMessage Message)> PressDataAsync(BotMessage message, string callbackData, bool expectEdit = true)
    {
        var editedBefore = Current(message)?.EditedAt;
        var pressed = await api.UserPresses(token, chatId, message.MessageId, callbackData, "Gulnara", languageCode);
        await Eventually.TrueAsync(() => api.CallbackAnswers.Any(a => a.CallbackQueryId == pressed.CallbackQueryId), $"the answer to pressing {callbackData}");
        if (expectEdit)
        {
            await Eventually.TrueAsync(() => Current(message)?.EditedAt != editedBefore, $"the message edited after pressing {callbackData}");
        }

        return (api.CallbackAnswers.Single(a => a.CallbackQueryId == pressed.CallbackQueryId), Current(message) ?? message);
    }

    // Null when the message is not in this chat: pressing a button of someone else's message.
    private BotMessage? Current(BotMessage message) => Messages.SingleOrDefault(m => m.MessageId == message.MessageId);
}
