using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Long polling for one bot (Telegram:Updates "polling"; works behind NAT): getUpdates with the
/// offset after the last handled update, so an update is confirmed only once it was handled, and
/// one that was in hand when the gateway stopped comes again. Failures back off (<see cref="TelegramRetry"/>).
/// </summary>
public sealed class TelegramPoller(TelegramBot bot, IOptions<TelegramOptions> options, TelegramUpdateHandler handler, TelegramRetry retry)
{
    public static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.CallbackQuery];

    private int? _offset;
    private bool _webhookCleared;

    public Task RunAsync(CancellationToken stopping) => retry.RunAsync(PollOnceAsync, stopping);

    private async Task<bool> PollOnceAsync(CancellationToken stopping)
    {
        if (!_webhookCleared)
        {
            // A webhook left from webhook mode makes every getUpdates fail with 409.
            await bot.Client.DeleteWebhook(cancellationToken: stopping);
            _webhookCleared = true;
        }

        var updates = await bot.Client.GetUpdates(_offset, limit: 100, timeout: options.Value.PollTimeoutSeconds, allowedUpdates: Wanted, cancellationToken: stopping);
        foreach (var update in updates)
        {
            await handler.HandleAsync(bot, update, stopping);
            _offset = update.Id + 1;
        }

        return false;
    }
}
