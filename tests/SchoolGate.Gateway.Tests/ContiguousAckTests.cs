using Microsoft.Extensions.Logging;
using MQTTnet;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// A device drops every journal entry up to the acked seq, so the ack may only cover seqs the
/// gateway has stored: an event that is still missing must stay on the device, which re-sends it.
/// </summary>
public sealed class ContiguousAckTests
{
    [Fact]
    public async Task AcksOnlyUpToTheFirstMissingSeq()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var first = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        var afterHole = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        var next = await device.SendEventAsync(4, PassageTypes.Exited, s.CardId, 0);
        var resentAfterHole = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal([1L, 1L, 1L, 1L], [first.Seq, afterHole.Seq, next.Seq, resentAfterHole.Seq]);
        Assert.Equal(3, EventIngestionTests.CountEvents(gateway, s.DeviceId));
        var gap = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal((2, 2, 1), (gap.FromSeq, gap.ToSeq, gap.Missing));
    }

    [Fact]
    public async Task AcksPastTheHoleOnceTheMissingEventArrives()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        foreach (var seq in new long[] { 1, 3, 4, 6 })
        {
            await device.SendEventAsync(seq, PassageTypes.Entered, s.CardId, 0);
        }

        var secondFilled = await device.SendEventAsync(2, PassageTypes.Entered, s.CardId, 0);
        var fifthFilled = await device.SendEventAsync(5, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal(4, secondFilled.Seq);
        Assert.Equal(6, fifthFilled.Seq);
        Assert.Empty(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal(0, (await gateway.MetricsAsync())["gapsAbandoned"]);
    }

    [Fact]
    public async Task AcksTheFirstEventOfADeviceWhoseCounterStartsAboveOne()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var first = await device.SendEventAsync(41, PassageTypes.Entered, s.CardId, 0);
        var second = await device.SendEventAsync(42, PassageTypes.Exited, s.CardId, 0);

        Assert.Equal((41, 42), (first.Seq, second.Seq));
    }

    [Fact]
    public async Task GivesUpOnAHoleAfterTheGapTimeoutAndCountsIt()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        var detectedAt = gateway.Time.GetUtcNow();

        // The device keeps re-sending what it has; until the timeout the hole is waited for.
        gateway.Time.Advance(TimeSpan.FromSeconds(119));
        var resentBeforeTimeout = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        gateway.Time.Advance(TimeSpan.FromSeconds(2));
        var resentAfterTimeout = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        var next = await device.SendEventAsync(5, PassageTypes.Exited, s.CardId, 0);

        Assert.Equal(1, resentBeforeTimeout.Seq);
        Assert.Equal(4, resentAfterTimeout.Seq);
        Assert.Equal(5, next.Seq);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["gapsDetected"]);
        Assert.Equal(1, metrics["gapsAbandoned"]);
        Assert.Equal(0, metrics["gapsFilled"]);
        // Still listed: those events are lost, and operators must see it.
        var gap = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal((2, 3, 1), (gap.FromSeq, gap.ToSeq, gap.Missing));
        Assert.Equal(detectedAt, gap.DetectedAt);
        Assert.Equal(detectedAt.AddSeconds(121), gap.AbandonedAt);
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains(s.DeviceId) && l.Text.Contains("seq 2..2")
            && l.Text.Contains("lost"));
    }

    [Fact]
    public async Task AHoleGivenUpIsStillStoredIfItsEventTurnsUpLater()
    {
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Configuration["Ingestion:GapTimeoutSeconds"] = "10");
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        gateway.Time.Advance(TimeSpan.FromSeconds(10));
        var abandoned = await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);

        var late = await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);

        Assert.Equal(4, abandoned.Seq);
        Assert.Equal(4, late.Seq);
        Assert.Equal(4, EventIngestionTests.CountEvents(gateway, s.DeviceId));
        Assert.Empty(await GapsAsync(gateway, s.DeviceId));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((1, 1), (metrics["gapsAbandoned"], metrics["gapsFilled"]));
    }

    [Fact]
    public async Task KeepsWaitingForAHoleWhileItsDeviceIsAwayAndTakesItsEventsWhenItReturns()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            foreach (var seq in new long[] { 1, 4, 5 })
            {
                await device.SendEventAsync(seq, PassageTypes.Entered, s.CardId, 0);
            }
        }

        // Far longer than the gap timeout: the lane lost its network, not its journal.
        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        await using var back = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        // Back online it re-sends its oldest pending events first.
        var second = await back.SendEventAsync(2, PassageTypes.Entered, s.CardId, 0);
        var third = await back.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);

        // Giving up 3 on the arrival of 2 would have made the device drop 3 before re-sending it.
        Assert.Equal(2, second.Seq);
        Assert.Equal(5, third.Seq);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((0, 1), (metrics["gapsAbandoned"], metrics["gapsFilled"]));
    }

    [Fact]
    public async Task GivesUpAHoleOnlyOnceItsDeviceHasBeenConnectedForTheGapTimeout()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
            await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);
        }

        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        await using var back = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        // This device lost 2 and 3: it re-sends only 4, every few seconds while the ack does not move.
        var onReturn = await back.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);
        gateway.Time.Advance(TimeSpan.FromSeconds(119));
        var beforeTimeout = await back.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);
        gateway.Time.Advance(TimeSpan.FromSeconds(2));
        var afterTimeout = await back.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal((1, 1, 4), (onReturn.Seq, beforeTimeout.Seq, afterTimeout.Seq));
        Assert.Equal(1, (await gateway.MetricsAsync())["gapsAbandoned"]);
    }

    [Fact]
    public async Task AStoreFailureForOneEventDoesNotLetTheNextAckDropIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        gateway.Store.FailWrites("fail_seq_2", "INSERT", "device_events", "NEW.seq = 2", "simulated disk failure");

        var failed = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 2, PassageTypes.Exited, s.CardId, Reasons.Ok, false, 0)));
        var third = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        gateway.Store.StopFailingWrites("fail_seq_2", "device_events");
        // The device re-sends everything above its last ack (after ResendAfterMs or a reconnect).
        var secondAgain = await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);
        var thirdAgain = await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, failed.ReasonCode);
        // An ack of 3 here would make the device drop event 2, which the gateway never stored.
        Assert.Equal(1, third.Seq);
        Assert.Equal(3, secondAgain.Seq);
        Assert.Equal(3, thirdAgain.Seq);
        var events = await gateway.GetAsync<EventIngestionTests.EventDto[]>($"/api/events?deviceId={s.DeviceId}");
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Seq).Order());
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((1, 1, 0), (metrics["handlerFailures"], metrics["duplicateEvents"], metrics["gapsAbandoned"]));
    }

    [Fact]
    public async Task CursorSurvivesARestart()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
            await device.SendEventAsync(3, PassageTypes.Entered, s.CardId, 0);
        }

        await gateway.RestartAsync();

        await using var reconnected = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var stillWaiting = await reconnected.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);
        var filled = await reconnected.SendEventAsync(2, PassageTypes.Entered, s.CardId, 0);
        Assert.Equal(1, stillWaiting.Seq);
        Assert.Equal(4, filled.Seq);
    }

    [Fact]
    public async Task UpgradedGatewayDoesNotReopenOldGaps()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
            await device.SendEventAsync(5, PassageTypes.Entered, s.CardId, 0);
        }

        // What an older gateway left: it had acked 5 already, so the device no longer holds 2..4.
        gateway.Store.Execute("""
            ALTER TABLE device_cursors DROP COLUMN acked_seq;
            ALTER TABLE device_gaps DROP COLUMN abandoned_at;
            DELETE FROM schema_versions WHERE version = 5;
            """);
        await gateway.RestartAsync();

        await using var reconnected = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var resent = await reconnected.SendEventAsync(5, PassageTypes.Entered, s.CardId, 0);
        var next = await reconnected.SendEventAsync(6, PassageTypes.Exited, s.CardId, 0);
        Assert.Equal(5, resent.Seq);
        Assert.Equal(6, next.Seq);
        // The old gap is still reported as it was: open, and not counted as given up by this gateway.
        var gap = Assert.Single(await GapsAsync(gateway, s.DeviceId));
        Assert.Equal((2, 4, 3), (gap.FromSeq, gap.ToSeq, gap.Missing));
        Assert.Null(gap.AbandonedAt);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task RefusesToStartWithANonPositiveGapTimeout(string seconds)
    {
        var error = await TestGateway.RefusedStartAsync($"--Ingestion:GapTimeoutSeconds={seconds}");

        Assert.Contains("Ingestion:GapTimeoutSeconds", error.Message);
    }

    private static Task<EventIngestionTests.GapDto[]> GapsAsync(TestGateway gateway, string deviceId) =>
        gateway.GetAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={deviceId}");
}
