using Microsoft.Extensions.DependencyInjection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Notifications;

namespace SchoolGate.Gateway.Tests.Store;

/// <summary>
/// Two gateway instances in front of one database (the PostgreSQL deployment; also holds on one
/// SQLite file): a device that reaches both at once, as one moving from one instance to the other
/// does while the first still drains its queue, must not get an event stored twice, a lost ack
/// cursor update or a conflict out of a duplicate.
/// </summary>
public sealed class TwoGatewayTests
{
    private const int Events = 60;

    [Fact]
    public async Task EventsOfOneDeviceSentThroughTwoGatewaysAreStoredOnce()
    {
        await using var first = await TestGateway.StartAsync();
        await using var second = await TestGateway.StartAsync(sharedStore: first.Store);
        var s = await first.SeedAsync();
        await using var viaFirst = await first.ConnectAsync(s.DeviceId, s.Secret);
        await using var viaSecond = await second.ConnectAsync(s.DeviceId, s.Secret);

        // Both at once, so each gateway keeps storing seqs next to the ones the other is storing.
        await Task.WhenAll(SendAsync(viaFirst, s.CardId, odd: true), SendAsync(viaSecond, s.CardId, odd: false));
        var resent = await Task.WhenAll(SendAsync(viaFirst, s.CardId, odd: false), SendAsync(viaSecond, s.CardId, odd: true));

        var metrics = new[] { await first.MetricsAsync(), await second.MetricsAsync() };
        Assert.Equal(Events, first.Store.Scalar<long>("SELECT COUNT(*) FROM device_events"));
        Assert.Equal(Events, metrics.Sum(m => m["eventsStored"]));
        Assert.Equal(Events, metrics.Sum(m => m["duplicateEvents"]));
        Assert.All(metrics, m => Assert.Equal(0, m["conflictingEvents"]));
        // A lost update of the ack cursor, or a gap recorded from a stale view of it, would leave
        // a hole that can never fill although every event is stored.
        Assert.Empty(await first.GetAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={s.DeviceId}"));
        Assert.All(resent, ack => Assert.Equal(Events, ack));
        Assert.Equal(Events, first.Store.Scalar<long>("SELECT acked_seq FROM device_cursors WHERE device_id = @id", new { id = s.DeviceId }));
    }

    [Fact]
    public async Task ParentMessagesOnOneDatabaseAreSentByOneGatewayEach()
    {
        var channel = new RecordingChannel(_ => null) { SendTime = TimeSpan.FromMilliseconds(2) };
        await using var first = await TestGateway.StartAsync(configure: b => b.Services.AddSingleton<INotificationChannel>(channel));
        await using var second = await TestGateway.StartAsync(sharedStore: first.Store,
            configure: b => b.Services.AddSingleton<INotificationChannel>(channel));
        var s = await first.SeedAsync();
        await first.LinkGuardianAsync(s.StudentId, await first.CreateGuardianAsync("Gulnara"));
        await using var device = await first.ConnectAsync(s.DeviceId, s.Secret);

        await SendAsync(device, s.CardId, odd: true);
        var started = TimeProvider.System.GetTimestamp();
        while (first.Store.Scalar<long>("SELECT COUNT(*) FROM notification_outbox WHERE status IN ('sent', 'coalesced')") < Events / 2
               && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            // Both delivery engines go for the same queued rows at once.
            first.Services.GetRequiredService<OutboxSignal>().Wake();
            second.Services.GetRequiredService<OutboxSignal>().Wake();
            await Task.Delay(5);
        }

        // Messages queued together for one guardian go as one (one line each): every row's line
        // went out exactly once, whichever instance sent it.
        var ids = channel.Delivered.Select(m => m.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(Events / 2, channel.Delivered.Sum(m => m.Text.Split('\n').Length));
        Assert.Equal(Events / 2, first.Store.Scalar<long>("SELECT COUNT(*) FROM notification_outbox WHERE status IN ('sent', 'coalesced')"));
    }

    /// <summary>Sends the odd or the even seqs in order, each after the previous ack; returns the last ack.</summary>
    private static async Task<long> SendAsync(TestDevice device, string cardId, bool odd)
    {
        long ack = 0;
        for (var seq = odd ? 1 : 2; seq <= Events; seq += 2)
        {
            var type = seq % 2 == 1 ? PassageTypes.Entered : PassageTypes.Exited;
            ack = (await device.SendEventAsync(seq, type, cardId, 0)).Seq;
        }

        return ack;
    }
}
