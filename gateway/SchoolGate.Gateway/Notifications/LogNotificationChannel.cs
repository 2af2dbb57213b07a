namespace SchoolGate.Gateway.Notifications;

/// <summary>
/// Prints parent messages to the gateway log: what a gateway with neither a Telegram bot nor an SMS
/// provider configured does with them, so a development run still shows every message.
/// </summary>
public sealed class LogNotificationChannel(ILogger<LogNotificationChannel> logger) : INotificationChannel
{
    public const string ChannelName = "log";

    public string Name => ChannelName;

    public bool CanReach(GuardianContact guardian) => true;

    public Task<DeliveryReceipt> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Parent message to guardian {GuardianId}: \"{Text}\"", message.GuardianId, message.Text);
        return Task.FromResult(new DeliveryReceipt(null, Delivered: false));
    }
}
