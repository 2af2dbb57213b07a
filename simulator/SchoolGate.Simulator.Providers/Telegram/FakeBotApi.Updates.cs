using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>How updates reach the bot: getUpdates, and the webhook methods.</summary>
public sealed partial class FakeBotApi
{
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
