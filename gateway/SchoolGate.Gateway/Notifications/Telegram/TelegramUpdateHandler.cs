using SchoolGate.Gateway.Diagnostics;
using Telegram.Bot.Types;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Where every update of every bot goes, whether it came by webhook or by polling: messages to
/// <see cref="ParentCommands"/>, button presses to <see cref="ParentButtons"/>, other kinds
/// (edits, reactions, members) ignored. A failure is counted and logged, and the caller decides
/// what it means (the webhook answers 500 so Telegram sends the update again; the poller moves on).
/// </summary>
public sealed class TelegramUpdateHandler(ParentCommands commands, ParentButtons buttons, GatewayMetrics metrics, ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>False if handling failed (and was logged).</summary>
    public async Task<bool> HandleAsync(TelegramBot bot, Update update, CancellationToken ct)
    {
        metrics.TelegramUpdates.Add();
        try
        {
            switch (update)
            {
                case { Message: { } message }:
                    await commands.HandleAsync(bot, message, ct);
                    break;
                case { CallbackQuery: { } press }:
                    await buttons.HandleAsync(bot, press, ct);
                    break;
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            metrics.TelegramUpdateFailures.Add();
            logger.LogError(ex, "Telegram bot {Bot}: update {UpdateId} failed", bot.Name, update.Id);
            return false;
        }
    }
}
