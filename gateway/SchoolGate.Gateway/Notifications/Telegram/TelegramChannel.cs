using System.Globalization;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Notifications.Delivery;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace SchoolGate.Gateway.Notifications.Telegram;

/// <summary>
/// Parent messages into linked Telegram chats. Each bot is a lane with Telegram's limits (about
/// 30 messages/s per bot, 1/s per chat), held by the delivery engine's token buckets so a morning
/// rush never trips them; when Telegram still answers 429 the failure carries its retry_after and
/// the engine waits it out (the client's own retry is off: it would hold this send, and an alarm
/// behind it). 403 means the chat blocked the bot: the engine marks it and falls back to SMS.
/// </summary>
public sealed class TelegramChannel(TelegramBots bots, IOptions<TelegramOptions> options) : INotificationChannel, IRateLimitedChannel
{
    public const string ChannelName = "telegram";

    public string Name => ChannelName;

    public bool CanReach(GuardianContact guardian) =>
        guardian.TelegramChatId is not null && !guardian.TelegramBlocked && BotOf(guardian) is not null;

    public (string? Lane, string Recipient) AddressOf(GuardianContact guardian) =>
        (BotOf(guardian)?.Name, guardian.TelegramChatId?.ToString(CultureInfo.InvariantCulture) ?? $"guardian:{guardian.GuardianId}");

    /// <summary>
    /// The bot the chat talks to. A chat id entered through the API before bots were linked by code
    /// names no bot: with a single bot configured, that is the one.
    /// </summary>
    private TelegramBot? BotOf(GuardianContact guardian) =>
        bots.Find(guardian.TelegramBot) ?? (guardian.TelegramBot is null && bots.All.Count == 1 ? bots.All[0] : null);

    public LaneLimits LimitsFor(string? lane)
    {
        var o = options.Value;
        var paidUpTo = o.PaidBroadcast switch
        {
            "always" => DeliveryPriority.Canteen,
            "emergency" => DeliveryPriority.Emergency,
            _ => -1,
        };
        return new LaneLimits(o.MessagesPerSecond, o.MessagesPerChatPerSecond, paidUpTo >= 0 ? o.PaidBroadcastMessagesPerSecond : 0, paidUpTo);
    }

    public async Task<DeliveryReceipt> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var bot = bots.Find(message.Bot)
            ?? throw new DeliveryFailedException(DeliveryFailure.Permanent, $"no Telegram bot named '{message.Bot}' is configured");
        var chat = message.TelegramChatId
            ?? throw new DeliveryFailedException(DeliveryFailure.Permanent, "the guardian has no linked Telegram chat");
        var paid = message.Priority <= LimitsFor(bot.Name).PaidUpToPriority;
        try
        {
            var sent = await bot.Client.SendMessage(chat, message.Text, allowPaidBroadcast: paid, cancellationToken: cancellationToken);
            return new DeliveryReceipt(sent.MessageId.ToString(CultureInfo.InvariantCulture), Delivered: true);
        }
        catch (ApiRequestException ex)
        {
            throw ex.ErrorCode switch
            {
                429 => new DeliveryFailedException(DeliveryFailure.RateLimited, $"Telegram 429: {ex.Message}",
                    TimeSpan.FromSeconds(Math.Max(1, ex.Parameters?.RetryAfter ?? 1)), ex),
                403 => new DeliveryFailedException(DeliveryFailure.RecipientBlocked, $"Telegram 403: {ex.Message}", inner: ex),
                // "Bad Request: chat not found" and the like: this chat will never take it.
                400 => new DeliveryFailedException(DeliveryFailure.Permanent, $"Telegram 400: {ex.Message}", inner: ex),
                _ => new DeliveryFailedException(DeliveryFailure.Transient, $"Telegram {ex.ErrorCode}: {ex.Message}", inner: ex),
            };
        }
    }
}
