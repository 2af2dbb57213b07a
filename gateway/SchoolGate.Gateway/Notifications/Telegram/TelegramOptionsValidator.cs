using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Checks the Telegram settings when the gateway starts, so a mistyped token or a webhook without
/// its secret stops the start with a message naming the key, instead of a bot that never answers.
/// No bots at all is valid: Telegram is off.
/// </summary>
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    private const string Bots = TelegramOptions.Section + ":" + nameof(TelegramOptions.Bots);
    private const string OfficialApiHost = "api.telegram.org";

    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var errors = new List<string>();
        if (options.Updates is not (TelegramOptions.Polling or TelegramOptions.Webhook or TelegramOptions.Off))
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.Updates)} must be \"{TelegramOptions.Polling}\", \"{TelegramOptions.Webhook}\" "
                + $"or \"{TelegramOptions.Off}\", not \"{options.Updates}\".");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.ApiBaseUrl)} must be an absolute address, not \"{options.ApiBaseUrl}\".");
        }

        if (options.LinkCodeDays < 1)
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.LinkCodeDays)} must be at least 1; got {options.LinkCodeDays}.");
        }

        if (options.MaxWrongCodes < 1 || options.WrongCodeWindowMinutes < 1)
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.MaxWrongCodes)} and {nameof(TelegramOptions.WrongCodeWindowMinutes)} must be at least 1.");
        }

        if (options.PollTimeoutSeconds is < 1 or > 50)
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.PollTimeoutSeconds)} must be 1-50 (the HTTP client gives up after 60 s); got {options.PollTimeoutSeconds}.");
        }

        var webhook = options.Updates == TelegramOptions.Webhook && options.Bots.Count > 0;
        if (webhook && !IsWebhookBase(options.PublicBaseUrl, options.ApiBaseUrl))
        {
            errors.Add($"{TelegramOptions.Section}:{nameof(TelegramOptions.PublicBaseUrl)} must be this gateway's public https:// address for webhooks "
                + "(Telegram only calls https; a local Bot API server may call http).");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var schools = new Dictionary<long, string>();
        for (var i = 0; i < options.Bots.Count; i++)
        {
            var bot = options.Bots[i];
            var key = $"{Bots}:{i}";
            if (string.IsNullOrWhiteSpace(bot.Name))
            {
                errors.Add($"{key}:{nameof(TelegramBotOptions.Name)} is required (the outbox, metrics and the webhook path name the bot by it).");
            }
            else if (!names.Add(bot.Name))
            {
                errors.Add($"{key}:{nameof(TelegramBotOptions.Name)} \"{bot.Name}\" is used by another bot.");
            }

            // Never the token itself in the message: it would land in the logs.
            if (!Token().IsMatch(bot.Token))
            {
                errors.Add($"{key}:{nameof(TelegramBotOptions.Token)} does not look like a token from @BotFather (digits:characters, e.g. 123456:ABC-DEF...).");
            }

            // Empty is allowed (a bot that only sends); link codes then need one (the API says so).
            if (bot.Username.Length > 0 && !Username().IsMatch(bot.Username))
            {
                errors.Add($"{key}:{nameof(TelegramBotOptions.Username)} must be the bot's @username without '@' (a-z A-Z 0-9 _), for the t.me links; got \"{bot.Username}\".");
            }

            if (webhook && (bot.WebhookSecret is null || !WebhookSecret().IsMatch(bot.WebhookSecret)))
            {
                errors.Add($"{key}:{nameof(TelegramBotOptions.WebhookSecret)} is needed for webhooks: 1-256 characters of A-Z a-z 0-9 _ - (Telegram sends it back with every update; use 32 or more random ones).");
            }

            foreach (var school in bot.SchoolIds)
            {
                if (!schools.TryAdd(school, bot.Name))
                {
                    errors.Add($"{key}:{nameof(TelegramBotOptions.SchoolIds)}: school {school} is already served by bot \"{schools[school]}\"; a school's guardians link to one bot.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsWebhookBase(string? url, string apiBaseUrl)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var official = Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out var api) && api.Host == OfficialApiHost;
        return uri.Scheme == Uri.UriSchemeHttps || (!official && uri.Scheme == Uri.UriSchemeHttp);
    }

    // Telegram.Bot reads the bot id from the digits before the colon and refuses anything else.
    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]+$")]
    private static partial Regex Token();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex Username();

    // What setWebhook accepts as secret_token.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex WebhookSecret();
}
