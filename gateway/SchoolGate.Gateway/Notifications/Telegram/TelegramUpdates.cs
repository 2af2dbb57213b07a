using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Starts how updates arrive, per configured bot: a <see cref="TelegramPoller"/> each in polling
/// mode; in webhook mode one setWebhook each (PublicBaseUrl + /telegram/{bot}/webhook with the
/// bot's secret), tried again until Telegram takes it. No bots, or Updates "off": nothing starts.
/// </summary>
public sealed class TelegramUpdates(TelegramBots bots, IOptions<TelegramOptions> options, TelegramUpdateHandler handler,
    GatewayMetrics metrics, TimeProvider time, ILogger<TelegramUpdates> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Updates == TelegramOptions.Off)
        {
            return Task.CompletedTask;
        }

        var webhook = options.Value.Updates == TelegramOptions.Webhook;
        return Task.WhenAll(bots.All.Select(bot => webhook
            ? new TelegramRetry(bot, "setWebhook", metrics, time, logger).RunAsync(ct => RegisterWebhookAsync(bot, ct), stoppingToken)
            : new TelegramPoller(bot, options, handler, new TelegramRetry(bot, "polling", metrics, time, logger)).RunAsync(stoppingToken)));
    }

    private async Task<bool> RegisterWebhookAsync(TelegramBot bot, CancellationToken stopping)
    {
        var url = options.Value.PublicBaseUrl!.TrimEnd('/') + TelegramWebhook.PathOf(bot.Name);
        await bot.Client.SetWebhook(url, allowedUpdates: TelegramPoller.Wanted, secretToken: bot.Options.WebhookSecret, cancellationToken: stopping);
        logger.LogInformation("Telegram bot {Bot}: webhook {Url}", bot.Name, url);
        return true;
    }
}
