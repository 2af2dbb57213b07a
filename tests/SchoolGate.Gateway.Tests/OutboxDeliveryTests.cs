using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications;
using SchoolGate.Gateway.Notifications.Delivery;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// Parent messages are sent at most once per recipient and event, and never lost: a row is
/// marked 'sending' before its request leaves and its outcome is kept until the store takes it.
/// Whatever fails around a delivery, the engine keeps going.
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MessageWhoseSentMarkFailedIsNeverSentTwice()
    {
        var channel = new RecordingChannel(_ => null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        gateway.Store.FailWrites("lost_mark", "UPDATE", "notification_outbox", "NEW.status = 'sent' AND OLD.channel = 'test'", "disk I/O error");
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await WaitUntilAsync(gateway, () => channel.Delivered.Count >= 1);
        // It stays 'sending' while the store refuses the mark, even past its claim's lease.
        Assert.Equal("sending", (await WaitForStatusAsync(gateway, "sending")).Status);
        gateway.Time.Advance(DeliveryStore.ClaimLease);
        await Task.Delay(300);
        gateway.Store.StopFailingWrites("lost_mark", "notification_outbox");
        var delivered = await WaitForStatusAsync(gateway, "sent");

        Assert.Equal(delivered.Id, Assert.Single(channel.Delivered).Id);
    }

    [Fact]
    public async Task FailureToRecordAFailedSendDoesNotStopTheMessagesBehindIt()
    {
        var channel = new RecordingChannel(m => m.Text.Contains("Aruzhan") ? new InvalidOperationException("provider down") : null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        var timur = await gateway.CreateStudentAsync(s.SchoolId, "Timur");
        await gateway.AddCardAsync("card-timur", timur);
        await gateway.LinkGuardianAsync(timur, await gateway.CreateGuardianAsync("Aigul"));
        // Aruzhan's arrival message can neither be sent nor have its failure recorded.
        gateway.Store.FailWrites("stuck", "UPDATE", "notification_outbox",
            "OLD.channel = 'test' AND OLD.text LIKE '%Aruzhan%' AND NEW.attempts <> OLD.attempts", "database is locked");
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Entered, "card-timur", 0);

        await WaitUntilAsync(gateway, () => channel.Delivered.Any(m => m.Text.Contains("Timur")));
        Assert.Contains("Timur", (await WaitForStatusAsync(gateway, "sent")).Text);
        gateway.Store.StopFailingWrites("stuck", "notification_outbox");
        channel.FailWith = _ => null;
        // The engine is still alive: once the failure is recorded, the arrival goes out after its backoff.
        await WaitUntilAsync(gateway, () =>
        {
            gateway.Time.Advance(TimeSpan.FromSeconds(5));
            return channel.Delivered.Any(m => m.Text.Contains("Aruzhan"));
        });
    }

    [Fact]
    public async Task ChannelTimeoutCountsAsAFailedAttemptAndTheNextMessageIsSent()
    {
        // HttpClient reports its timeout as a TaskCanceledException although nobody cancelled the engine.
        var channel = new RecordingChannel(m => m.Text.Contains("вход") ? new TaskCanceledException("request timed out") : null);
        await using var gateway = await StartAsync(channel);
        var s = await SeedWithGuardianAsync(gateway);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);

        await WaitUntilAsync(gateway, () => channel.Delivered.Any(m => m.Text.Contains("выход")));
        // Retried with a growing backoff (5 s, 10 s, 20 s, 40 s), then given up with the reason.
        EventIngestionTests.NotificationDto? failed = null;
        await WaitUntilAsync(gateway, async () =>
        {
            gateway.Time.Advance(TimeSpan.FromSeconds(10));
            failed = (await gateway.GetAsync<EventIngestionTests.NotificationDto[]>("/api/notifications")).FirstOrDefault(n => n.Status == "failed");
            return failed is not null;
        });
        Assert.Contains("вход", failed!.Text);
        Assert.Contains("request timed out", failed.Reason);
        Assert.Equal(5, failed.Attempts);
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

    /// <summary>Wakes the delivery engine (instead of waiting for its 2 s poll) until the condition holds.</summary>
    private static async Task WaitUntilAsync(TestGateway gateway, Func<Task<bool>> condition)
    {
        var signal = gateway.Services.GetRequiredService<OutboxSignal>();
        var started = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Patience, "the delivery engine did not get there");
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
