namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>What became of an update a test's user caused (<see cref="FakeBotApi.UserSends"/>, <see cref="FakeBotApi.UserPresses"/>).</summary>
/// <param name="UpdateId">Its update_id.</param>
/// <param name="MessageId">The user's message_id, for a message; the pressed message's, for a button.</param>
/// <param name="CallbackQueryId">For a button press: the id the bot answers with answerCallbackQuery.</param>
/// <param name="WebhookStatus">
/// With a webhook set: the HTTP status of the last attempt to POST it (0 if no answer came);
/// null if it waits for getUpdates.
/// </param>
public sealed record UserUpdate(int UpdateId, int MessageId, string? CallbackQueryId, int? WebhookStatus);
