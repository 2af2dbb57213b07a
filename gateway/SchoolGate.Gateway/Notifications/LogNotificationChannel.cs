namespace SchoolGate.Gateway.Notifications;

/// <summary>Prints parent messages to the gateway log: the demo's stand-in for Telegram/SMS.</summary>
public sealed class LogNotificationChannel(ILogger<LogNotificationChannel> logger) : INotificationChannel
{
    public string Name => "log";

    public bool CanReach(GuardianContact guardian) => true;

    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Parent message to guardian {GuardianId}: \"{Text}\"", message.GuardianId, message.Text);
        return Task.CompletedTask;
    }
}
