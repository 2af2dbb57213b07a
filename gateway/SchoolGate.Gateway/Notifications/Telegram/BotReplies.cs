using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.ReplyMarkups;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// The bot's answers to a parent: a new message, an edited keyboard message, a callback answer.
/// They go straight to Telegram, not through the delivery queue (the parent is waiting, and the
/// queue's rate leaves room for them). A failed answer is counted and logged, never thrown: the
/// update was handled, and Telegram would only send it again. One 429 with a short retry_after
/// is waited out; a longer one drops the answer (the parent can ask again).
/// </summary>
public sealed class BotReplies(GatewayMetrics metrics, TimeProvider time, ILogger<BotReplies> logger)
{
    private const int MaxRetryAfterSeconds = 3;

    public Task SendAsync(TelegramBot bot, long chatId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct) =>
        RunAsync(bot, "sendMessage", () => bot.Client.SendMessage(chatId, text, replyMarkup: keyboard, cancellationToken: ct), ct);

    /// <summary>Replaces the text (and keyboard: none if null) of a message the bot sent.</summary>
    public Task EditAsync(TelegramBot bot, long chatId, int messageId, string text, InlineKeyboardMarkup? keyboard, CancellationToken ct) =>
        RunAsync(bot, "editMessageText", () => bot.Client.EditMessageText(chatId, messageId, text, replyMarkup: keyboard, cancellationToken: ct), ct);

    public Task AnswerAsync(TelegramBot bot, string callbackQueryId, string? text, CancellationToken ct) =>
        RunAsync(bot, "answerCallbackQuery", () => bot.Client.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: ct), ct);

    private async Task RunAsync(TelegramBot bot, string method, Func<Task> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429 && attempt == 1 && e.Parameters?.RetryAfter is { } seconds && seconds <= MaxRetryAfterSeconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), time, ct);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("message is not modified", StringComparison.Ordinal))
            {
                // The parent pressed the button of what is already chosen: nothing to show.
                return;
            }
            catch (RequestException e)
            {
                metrics.TelegramRepliesFailed.Add();
                logger.LogWarning("Telegram bot {Bot}: {Method} failed: {Error}", bot.Name, method, e.Message);
                return;
            }
        }
    }
}
