using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Students;

namespace SchoolGate.Gateway.Notifications.Sms;

/// <summary>
/// Parent messages as SMS: for guardians with no Telegram link, a chat that blocked the bot, or a
/// safety message Telegram keeps failing (the delivery engine chooses; this channel only says
/// whom it can reach). Registered only when an SMS provider is configured.
/// </summary>
public sealed class SmsChannel(ISmsProvider provider, GatewayMetrics metrics) : INotificationChannel
{
    public const string ChannelName = "sms";

    public string Name => ChannelName;

    /// <summary>A guardian with a valid number; numbers stored before validation existed are checked here too.</summary>
    public bool CanReach(GuardianContact guardian) => PhoneNumbers.TryNormalize(guardian.Phone, out _);

    public async Task<DeliveryReceipt> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!PhoneNumbers.TryNormalize(message.Phone, out var phone))
        {
            metrics.SmsSendFailures.Add();
            throw new DeliveryFailedException(DeliveryFailure.Permanent, "the guardian has no valid phone number");
        }

        try
        {
            var providerId = await provider.SendAsync(new SmsRequest(message.Id, phone, message.Text), cancellationToken);
            metrics.SmsSent.Add();
            // Accepted is not delivered: SMSC's delivery report says that later.
            return new DeliveryReceipt(providerId, Delivered: false);
        }
        catch (DeliveryFailedException)
        {
            metrics.SmsSendFailures.Add();
            throw;
        }
    }
}
