using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>The Bot API methods the fake speaks.</summary>
public sealed partial class FakeBotApi
{
    private const int MaxTextLength = 4096;
    private const int MaxUpdatesPerCall = 100;

    private delegate Task<BotApiReply> Method(FakeBotApi api, FakeBot bot, BotApiParameters p, CancellationToken aborted);

    // Telegram's method names are case-insensitive.
    private static readonly Dictionary<string, Method> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["getMe"] = (api, bot, p, aborted) => Task.FromResult(BotApiReply.Ok(w => BotJson.WriteBotUser(w, bot))),
        ["sendMessage"] = (api, bot, p, aborted) => api.SendMessageAsync(bot, p, aborted),
        ["editMessageText"] = (api, bot, p, aborted) => Task.FromResult(api.EditMessageText(bot, p)),
        ["answerCallbackQuery"] = (api, bot, p, aborted) => Task.FromResult(api.AnswerCallbackQuery(bot, p)),
        ["getUpdates"] = (api, bot, p, aborted) => GetUpdatesAsync(bot, p, aborted),
        ["setWebhook"] = (api, bot, p, aborted) => Task.FromResult(SetWebhook(bot, p)),
        ["deleteWebhook"] = (api, bot, p, aborted) => Task.FromResult(DeleteWebhook(bot, p)),
        ["getWebhookInfo"] = (api, bot, p, aborted) => Task.FromResult(GetWebhookInfo(bot)),
    };

    private static readonly Dictionary<string, Method>.AlternateLookup<ReadOnlySpan<char>> MethodsBySpan =
        Methods.GetAlternateLookup<ReadOnlySpan<char>>();

    private async Task HandleAsync(HttpContext context)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            var reply = await AnswerAsync(context.Request, stop.Token);
            await reply.WriteAsync(context.Response);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client gave up or the fake is stopping: nobody to answer.
        }
    }

    private async Task<BotApiReply> AnswerAsync(HttpRequest request, CancellationToken aborted)
    {
        // /bot{token}/{method}
        var path = request.Path.Value.AsSpan();
        if (!path.StartsWith("/bot", StringComparison.Ordinal))
        {
            return BotApiReply.NotFound;
        }

        var rest = path[4..];
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return BotApiReply.NotFound;
        }

        if (!_bots.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(rest[..slash], out var bot))
        {
            return BotApiReply.Unauthorized;
        }

        var name = rest[(slash + 1)..];
        if (!MethodsBySpan.TryGetValue(name, out var method))
        {
            return BotApiReply.NotFound;
        }

        if (Volatile.Read(ref _anyCallFailures) != 0 && TakeCallFailure(name.ToString()) is { } failure)
        {
            Interlocked.Increment(ref _injectedFailures);
            return BotApiReply.Error(failure, ReasonPhrases.GetReasonPhrase(failure));
        }

        using var parameters = await BotApiParameters.ReadAsync(request, aborted);
        if (parameters is null)
        {
            return BotApiReply.BadRequest("can't parse request JSON object");
        }

        return await method(this, bot, parameters, aborted);
    }

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

    private static async Task<BotApiReply> GetUpdatesAsync(FakeBot bot, BotApiParameters p, CancellationToken aborted)
    {
        if (bot.Webhook is not null)
        {
            return BotApiReply.Error(StatusCodes.Status409Conflict, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        }

        var offset = p.Long("offset", out _);
        var limit = (int)Math.Clamp(p.Long("limit", out _) ?? MaxUpdatesPerCall, 1, MaxUpdatesPerCall);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(p.Long("timeout", out _) ?? 0, 0, 3600));
        var updates = await bot.Updates.TakeAsync(offset, limit, timeout, aborted);
        if (updates is null)
        {
            return BotApiReply.Error(StatusCodes.Status409Conflict, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
        }

        return BotApiReply.Ok(w =>
        {
            w.WriteStartArray();
            foreach (var update in updates)
            {
                w.WriteRawValue(update, skipInputValidation: true);
            }

            w.WriteEndArray();
        });
    }

    private static BotApiReply SetWebhook(FakeBot bot, BotApiParameters p)
    {
        var url = p.String("url");
        if (string.IsNullOrEmpty(url))
        {
            return DeleteWebhook(bot, p);
        }

        // Telegram wants https on 443, 80, 88 or 8443; the fake takes any http(s) address so tests can use loopback.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return BotApiReply.BadRequest("invalid webhook URL specified");
        }

        var secret = p.String("secret_token");
        if (secret is not null && !SecretToken().IsMatch(secret))
        {
            return BotApiReply.BadRequest("secret token contains unallowed characters");
        }

        if (p.Bool("drop_pending_updates"))
        {
            bot.Updates.Clear();
        }

        bot.Webhook = new Webhook(uri, secret);
        return BotApiReply.True;
    }

    private static BotApiReply DeleteWebhook(FakeBot bot, BotApiParameters p)
    {
        if (p.Bool("drop_pending_updates"))
        {
            bot.Updates.Clear();
        }

        bot.Webhook = null;
        return BotApiReply.True;
    }

    private static BotApiReply GetWebhookInfo(FakeBot bot)
    {
        var webhook = bot.Webhook;
        var error = bot.LastWebhookError;
        var pending = bot.Updates.PendingCount;
        return BotApiReply.Ok(w =>
        {
            w.WriteStartObject();
            w.WriteString("url", webhook?.Url.ToString() ?? "");
            w.WriteBoolean("has_custom_certificate", false);
            w.WriteNumber("pending_update_count", pending);
            if (error is not null)
            {
                w.WriteNumber("last_error_date", error.At.ToUnixTimeSeconds());
                w.WriteString("last_error_message", error.Message);
            }

            w.WriteEndObject();
        });
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretToken();
}
