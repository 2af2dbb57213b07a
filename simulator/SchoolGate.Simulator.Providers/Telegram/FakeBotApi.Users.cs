using System.Globalization;
using System.Net.Http.Headers;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>A test plays the Telegram user: what they write and press becomes an update for the bot.</summary>
public sealed partial class FakeBotApi
{
    private const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>
    /// The user writes <paramref name="text"/> to the bot in their private chat (chat id = user id).
    /// Writing to a bot unblocks it, as in Telegram. The update waits for getUpdates, or, with a
    /// webhook set, is POSTed to it; then this returns once the webhook answered.
    /// </summary>
    public async Task<UserUpdate> UserSends(string token, long chatId, string text, string firstName = "Aigerim", string? languageCode = null, CancellationToken cancellationToken = default)
    {
        var bot = Bot(token);
        var chat = bot.Chat(chatId);
        chat.Blocked = false;
        var messageId = chat.NextMessageId();
        var updateId = bot.Updates.NextId();
        var json = BotJson.MessageUpdate(updateId, messageId, new FakeUser(chatId, firstName, languageCode), text, _time.GetUtcNow());
        var status = await DeliverAsync(bot, updateId, json, cancellationToken);
        return new UserUpdate(updateId, messageId, null, status);
    }

    /// <summary>
    /// The user presses the inline button with <paramref name="callbackData"/> under the bot's
    /// message <paramref name="messageId"/>. The bot should answer with answerCallbackQuery
    /// (see <see cref="CallbackAnswers"/>); a message the bot never sent arrives as Telegram's
    /// inaccessible message (date 0).
    /// </summary>
    public async Task<UserUpdate> UserPresses(string token, long chatId, int messageId, string callbackData, string firstName = "Aigerim", string? languageCode = null, CancellationToken cancellationToken = default)
    {
        var bot = Bot(token);
        var message = bot.FindChat(chatId)?.Find(messageId)?.Current;
        var updateId = bot.Updates.NextId();
        var callbackId = string.Create(CultureInfo.InvariantCulture, $"{bot.Id}{updateId:D8}");
        _openCallbacks[callbackId] = true;
        var json = BotJson.CallbackUpdate(updateId, callbackId, new FakeUser(chatId, firstName, languageCode), bot, message, messageId, callbackData);
        var status = await DeliverAsync(bot, updateId, json, cancellationToken);
        return new UserUpdate(updateId, messageId, callbackId, status);
    }

    private async Task<int?> DeliverAsync(FakeBot bot, int updateId, byte[] json, CancellationToken cancellationToken)
    {
        if (bot.Webhook is not { } webhook)
        {
            bot.Updates.Add(updateId, json);
            return null;
        }

        var status = 0;
        var pause = _options.WebhookRetryDelay;
        for (var attempt = 1; attempt <= Math.Max(1, _options.WebhookAttempts); attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(pause, cancellationToken);
                pause *= 2;
            }

            string error;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(json) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                if (webhook.SecretToken is { } secret)
                {
                    request.Headers.Add(SecretHeader, secret);
                }

                using var response = await _webhookClient.SendAsync(request, cancellationToken);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _webhookDeliveries);
                    return status;
                }

                error = $"Wrong response from the webhook: {status} {response.ReasonPhrase}";
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                status = 0;
                error = ex is TaskCanceledException ? "Read timeout expired" : "Connection refused";
            }

            Interlocked.Increment(ref _webhookFailedAttempts);
            bot.LastWebhookError = new WebhookError(_time.GetUtcNow(), error);
        }

        Interlocked.Increment(ref _webhookDropped);
        return status;
    }
}
