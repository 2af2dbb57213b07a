namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// A message a bot sent that <see cref="FakeBotApi"/> accepted, as it stands now: an
/// editMessageText replaces the text and keyboard and sets <see cref="EditedAt"/>.
/// </summary>
/// <param name="Token">The bot's token.</param>
/// <param name="ChatId">The chat it went to.</param>
/// <param name="MessageId">Its message_id in that chat.</param>
/// <param name="Text">The text.</param>
/// <param name="ReplyMarkup">The reply_markup as the bot sent it (JSON), if any.</param>
/// <param name="Buttons">The inline keyboard's buttons, row by row, left to right.</param>
/// <param name="SentAt">When it was accepted, by the fake's TimeProvider.</param>
/// <param name="Paid">Sent with allow_paid_broadcast.</param>
/// <param name="EditedAt">When it was last edited, if it was.</param>
public sealed record BotMessage(
    string Token,
    long ChatId,
    int MessageId,
    string Text,
    string? ReplyMarkup,
    IReadOnlyList<InlineButton> Buttons,
    DateTimeOffset SentAt,
    bool Paid,
    DateTimeOffset? EditedAt = null)
{
    /// <summary>The callback_data of the button labelled <paramref name="text"/>, for <see cref="FakeBotApi.UserPresses"/>.</summary>
    public string CallbackDataOf(string text) =>
        Buttons.FirstOrDefault(b => b.Text == text)?.CallbackData
        ?? throw new InvalidOperationException($"Message {MessageId} has no button \"{text}\"; it has: {string.Join(", ", Buttons.Select(b => b.Text))}");
}

/// <summary>One button of an inline keyboard.</summary>
/// <param name="Row">Its row, from 0.</param>
/// <param name="Text">Its label.</param>
/// <param name="CallbackData">What pressing it sends back, if it is a callback button.</param>
/// <param name="Url">The address it opens, if it is a link button.</param>
public sealed record InlineButton(int Row, string Text, string? CallbackData, string? Url);

/// <summary>A bot's answerCallbackQuery.</summary>
/// <param name="Token">The bot's token.</param>
/// <param name="CallbackQueryId">The callback query it answered (what <see cref="FakeBotApi.UserPresses"/> returned).</param>
/// <param name="Text">The notification text, if any.</param>
/// <param name="ShowAlert">Shown as an alert rather than a toast.</param>
/// <param name="At">When, by the fake's TimeProvider.</param>
public sealed record CallbackAnswer(string Token, string CallbackQueryId, string? Text, bool ShowAlert, DateTimeOffset At);
