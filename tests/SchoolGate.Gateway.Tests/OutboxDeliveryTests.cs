using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// Parent messages are delivered at least once: a lost "arrived" message is worse than a repeated
/// one. Whatever fails around a delivery, the dispatcher keeps going.
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MessageWhoseSentMarkFailedIsDeliveredAgainNotLost()
    {
        var channel = new RecordingChannel(_ => null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        gateway.Store.FailWrites("lost_mark", "UPDATE", "notification_outbox", "NEW.status = 'sent' AND OLD.channel = 'test'", "disk I/O error");
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await WaitUntilAsync(gateway, () => channel.Delivered.Count >= 1);
        // The row stays pending, claimed by the pass that sent it; once the claim expires it goes again.
        gateway.Time.Advance(OutboxDispatcher.ClaimLease);
        await WaitUntilAsync(gateway, () => channel.Delivered.Count >= 2);
        gateway.Store.StopFailingWrites("lost_mark", "notification_outbox");
        gateway.Time.Advance(OutboxDispatcher.ClaimLease);
        var delivered = await WaitForStatusAsync(gateway, "sent");

        Assert.All(channel.Delivered, m => Assert.Equal(delivered.Id, m.Id));
        Assert.Equal(3, channel.Delivered.Count);
    }

    [Fact]
    public async Task FailureToRecordAFailedSendDoesNotStopTheMessagesBehindIt()
    {
        var channel = new RecordingChannel(m => m.Text.Contains("вход") ? new InvalidOperationException("provider down") : null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        // The arrival message can neither be sent nor have its failure recorded.
        gateway.Store.FailWrites("stuck", "UPDATE", "notification_outbox",
            "OLD.channel = 'test' AND OLD.text LIKE '%вход%' AND NEW.attempts <> OLD.attempts", "database is locked");
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);

        await WaitUntilAsync(gateway, () => channel.Delivered.Any(m => m.Text.Contains("выход")));
        gateway.Store.StopFailingWrites("stuck", "notification_outbox");
        channel.FailWith = _ => null;
        // Its failure was not recorded, so neither was its claim released: it waits for the claim to expire.
        gateway.Time.Advance(OutboxDispatcher.ClaimLease);
        // The dispatcher is still alive: the arrival goes out once it can.
        await WaitUntilAsync(gateway, () => channel.Delivered.Any(m => m.Text.Contains("вход")));
    }

    [Fact]
    public async Task ChannelTimeoutCountsAsAFailedAttemptAndTheNextMessageIsSent()
    {
        // HttpClient reports its timeout as a TaskCanceledException although nobody cancelled the dispatcher.
        var channel = new RecordingChannel(m => m.Text.Contains("вход") ? new TaskCanceledException("request timed out") : null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);

        var failed = await WaitForStatusAsync(gateway, "failed");
        Assert.Contains("вход", failed.Text);
        await WaitUntilAsync(gateway, () => channel.Delivered.Any(m => m.Text.Contains("выход")));
    }

    private static Task<TestGateway> StartAsync(RecordingChannel channel) =>
        TestGateway.StartAsync(configure: b => b.Services.AddSingleton<INotificationChannel>(channel));

    private static async Task<TestGateway.Scenario> SeedWithGuardianAsync(TestGateway gateway)
    {
        var s = await gateway.SeedAsync();
        await gateway.LinkGuardianAsync(s.StudentId, await gateway.CreateGuardianAsync("Gulnara"));
        return s;
    }

    private static Task WaitUntilAsync(TestGateway gateway, Func<bool> condition) =>
        WaitUntilAsync(gateway, () => Task.FromResult(condition()));

    /// <summary>Wakes the dispatcher (instead of waiting for its 2 s poll) until the condition holds.</summary>
    private static async Task WaitUntilAsync(TestGateway gateway, Func<Task<bool>> condition)
    {
        var signal = gateway.Services.GetRequiredService<OutboxSignal>();
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "the dispatcher did not get there");
            signal.Wake();
            await Task.Delay(20);
        }
    }

    private static async Task<EventIngestionTests.NotificationDto> WaitForStatusAsync(TestGateway gateway, string status)
    {
        EventIngestionTests.NotificationDto? found = null;
        await WaitUntilAsync(gateway, async () =>
        {
            found = (await gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications"))
                .FirstOrDefault(n => n.Channel == "test" && n.Status == status);
            return found is not null;
        });
        return found!;
    }
}
