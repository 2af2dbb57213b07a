using System.Collections.Concurrent;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests;

/// <summary>A parent-message channel that records what it was handed, or fails as told.</summary>
public sealed class RecordingChannel(Func<OutboxMessage, Exception?> failWith) : INotificationChannel
{
    public Func<OutboxMessage, Exception?> FailWith { get; set; } = failWith;

    public ConcurrentQueue<OutboxMessage> Delivered { get; } = new();

    /// <summary>How long each send takes (real time), like a provider's round trip.</summary>
    public TimeSpan SendTime { get; set; }

    public string Name => "test";

    public bool CanReach(GuardianContact guardian) => true;

    public async Task<DeliveryReceipt> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (SendTime > TimeSpan.Zero)
        {
            await Task.Delay(SendTime, cancellationToken);
        }

        if (FailWith(message) is { } error)
        {
            throw error;
        }

        Delivered.Enqueue(message);
        return new DeliveryReceipt($"test-{message.Id}", Delivered: false);
    }
}
