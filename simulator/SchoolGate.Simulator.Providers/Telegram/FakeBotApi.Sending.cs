using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>The methods that write into chats, under Telegram's limits: sendMessage, editMessageText, answerCallbackQuery.</summary>
public sealed partial class FakeBotApi
{
    private async Task<BotApiReply> SendMessageAsync(FakeBot bot, BotApiParameters p, CancellationToken aborted)
    {
        var chatId = p.Long("chat_id", out var chatIdValid);
        if (!chatIdValid)
        {
            return BotApiReply.BadRequest("chat not found");
        }

        if (chatId is null)
        {
            return BotApiReply.BadRequest("chat_id is empty");
        }

        var text = p.String("text");
        if (string.IsNullOrEmpty(text))
        {
            return BotApiReply.BadRequest("message text is empty");
        }

        if (text.Length > MaxTextLength)
        {
            return BotApiReply.BadRequest("message is too long");
        }

        var markup = p.Json("reply_markup");
        var buttons = BotJson.Buttons(markup);
        if (buttons is null)
        {
            return BotApiReply.BadRequest("can't parse reply keyboard markup JSON object");
        }

        var chat = bot.Chat(chatId.Value);
        if (chat.Blocked)
        {
            Interlocked.Increment(ref _forbidden);
            return BotApiReply.Error(StatusCodes.Status403Forbidden, "Forbidden: bot was blocked by the user");
        }

        if (TakeInjectedFailure() is { } failure)
        {
            Interlocked.Increment(ref _injectedFailures);
            return BotApiReply.Error(failure, ReasonPhrases.GetReasonPhrase(failure));
        }

        var delay = TimeSpan.FromTicks(Interlocked.Read(ref _sendDelayTicks));
        var acceptFirst = Volatile.Read(ref _acceptBeforeDelay);
        if (delay > TimeSpan.Zero && !acceptFirst)
        {
            await Task.Delay(delay, aborted);
        }

        var paid = p.Bool("allow_paid_broadcast");
        var message = Accept(bot, chat, text, markup, buttons, paid, out var retryAfter);
        if (message is null)
        {
            Interlocked.Increment(ref _tooManyRequests);
            return BotApiReply.TooManyRequests(retryAfter);
        }

        if (delay > TimeSpan.Zero && acceptFirst)
        {
            await Task.Delay(delay, aborted);
        }

        return BotApiReply.Ok(w => BotJson.WriteMessage(w, bot, message));
    }

    /// <summary>Checks the chat's limit, then the bot's; takes from both and records the message only if both allow it.</summary>
    private BotMessage? Accept(FakeBot bot, FakeChat chat, string text, string? markup, IReadOnlyList<InlineButton> buttons, bool paid, out int retryAfter)
    {
        var now = _time.GetTimestamp();
        var frequency = _time.TimestampFrequency;
        SentSlot slot;
        lock (chat.Gate)
        {
            var wait = chat.Limit.WaitSeconds(now, frequency);
            if (wait == 0)
            {
                var limit = paid ? bot.PaidLimit : bot.Limit;
                lock (bot.Gate)
                {
                    wait = limit.WaitSeconds(now, frequency);
                    if (wait == 0)
                    {
                        limit.Take();
                    }
                }
            }

            if (wait > 0)
            {
                // Telegram says whole seconds, at least one.
                retryAfter = Math.Max(1, (int)Math.Ceiling(wait));
                return null;
            }

            chat.Limit.Take();
            slot = new SentSlot(new BotMessage(bot.Token, chat.Id, chat.NextMessageId(), text, markup, buttons, _time.GetUtcNow(), paid));
            chat.Add(slot);
        }

        lock (_sentGate)
        {
            _sent.Add(slot);
        }

        Interlocked.Increment(ref _sentCount);
        if (paid)
        {
            Interlocked.Increment(ref _paidCount);
        }

        retryAfter = 0;
        return slot.Current;
    }

    private int? TakeInjectedFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failuresLeft);
            if (left <= 0)
            {
                return null;
            }

            if (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left)
            {
                return Volatile.Read(ref _failureStatus);
            }
        }
    }

    private int? TakeCallFailure(string method)
    {
        while (_callFailures.TryGetValue(method, out var failure) && failure.Left > 0)
        {
            if (_callFailures.TryUpdate(method, (failure.Left - 1, failure.Status), failure))
            {
                return failure.Status;
            }
        }

        return null;
    }

    private BotApiReply EditMessageText(FakeBot bot, BotApiParameters p)
    {
        var chatId = p.Long("chat_id", out _);
        var messageId = p.Long("message_id", out _);
        var text = p.String("text");
        if (string.IsNullOrEmpty(text))
        {
            return BotApiReply.BadRequest("message text is empty");
        }

        var markup = p.Json("reply_markup");
        var buttons = BotJson.Buttons(markup);
        if (buttons is null)
        {
            return BotApiReply.BadRequest("can't parse reply keyboard markup JSON object");
        }

        var chat = chatId is null ? null : bot.FindChat(chatId.Value);
        var slot = chat is null || messageId is null or > int.MaxValue ? null : chat.Find((int)messageId.Value);
        if (chat is null || slot is null)
        {
            return BotApiReply.BadRequest("message to edit not found");
        }

        BotMessage edited;
        lock (chat.Gate)
        {
            var current = slot.Current;
            if (current.Text == text && current.ReplyMarkup == markup)
            {
                return BotApiReply.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            // Without reply_markup the edit removes the keyboard, as in Telegram.
            edited = current with { Text = text, ReplyMarkup = markup, Buttons = buttons, EditedAt = _time.GetUtcNow() };
            slot.Current = edited;
        }

        Interlocked.Increment(ref _editCount);
        return BotApiReply.Ok(w => BotJson.WriteMessage(w, bot, edited));
    }

    private BotApiReply AnswerCallbackQuery(FakeBot bot, BotApiParameters p)
    {
        var id = p.String("callback_query_id");
        // A query is answered once; Telegram refuses a second answer as it does an unknown id.
        if (id is null || !_openCallbacks.TryRemove(id, out _))
        {
            return BotApiReply.BadRequest("query is too old and response timeout expired or query ID is invalid");
        }

        _callbackAnswers.Enqueue(new CallbackAnswer(bot.Token, id, p.String("text"), p.Bool("show_alert"), _time.GetUtcNow()));
        return BotApiReply.True;
    }
}
