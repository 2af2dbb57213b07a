using Microsoft.Extensions.Logging;
using MQTTnet;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>
/// The EventAck tells a device to drop its journal up to a seq, and a device whose counter is
/// behind an ack jumps it forward. So a seq far beyond anything a device's journal can hold must
/// not be stored: the ack would follow it once the hole below it is given up.
/// </summary>
public sealed class SeqPlausibilityTests
{
    [Fact]
    public async Task RefusesASeqThatJumpsImplausiblyFarAhead()
    {
        var log = new TestLog();
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Logging.AddProvider(log));
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);

        var far = await PublishEventAsync(device, long.MaxValue, s.CardId);
        gateway.Time.Advance(TimeSpan.FromMinutes(10));
        var next = await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);
        var afterAHole = await device.SendEventAsync(4, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, far.ReasonCode);
        // Had it been stored, its gap would have been given up by now and the ack would be long.MaxValue.
        Assert.Equal(2, next.Seq);
        Assert.Equal(2, afterAHole.Seq);
        Assert.Equal(3, EventIngestionTests.CountEvents(gateway, s.DeviceId));
        var gap = Assert.Single(await gateway.GetAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={s.DeviceId}"));
        Assert.Equal((3, 3), (gap.FromSeq, gap.ToSeq));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((1, 0), (metrics["malformedPayloads"], metrics["gapsAbandoned"]));
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Error && l.Text.Contains(s.DeviceId) && l.Text.Contains("9223372036854775807")
            && l.Text.Contains("Ingestion:MaxSeqJump"));
    }

    [Fact]
    public async Task RefusesAFirstSeqImplausiblyFarAboveOne()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var far = await PublishEventAsync(device, long.MaxValue - 1, s.CardId);
        var first = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);
        var second = await device.SendEventAsync(2, PassageTypes.Exited, s.CardId, 0);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, far.ReasonCode);
        Assert.Equal((1, 2), (first.Seq, second.Seq));
        Assert.Empty(await gateway.GetAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={s.DeviceId}"));
    }

    [Fact]
    public async Task AcceptsAJumpOfExactlyIngestionMaxSeqJumpAndRefusesOneMore()
    {
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Configuration["Ingestion:MaxSeqJump"] = "10");
        var s = await gateway.SeedAsync();
        var otherSecret = await gateway.RegisterDeviceAsync("turnstile-new", s.SchoolId);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await using var fresh = await gateway.ConnectAsync("turnstile-new", otherSecret);
        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);

        var tooFar = await PublishEventAsync(device, 12, s.CardId);
        var farthest = await device.SendEventAsync(11, PassageTypes.Entered, s.CardId, 0);
        var tooFarFirst = await PublishEventAsync(fresh, 11, s.CardId);
        var farthestFirst = await fresh.SendEventAsync(10, PassageTypes.Entered, s.CardId, 0);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, tooFar.ReasonCode);
        Assert.Equal(1, farthest.Seq);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, tooFarFirst.ReasonCode);
        // A first event above 1 still starts the device's cursor just below it.
        Assert.Equal(10, farthestFirst.Seq);
        Assert.Equal(2, (await gateway.MetricsAsync())["malformedPayloads"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task RefusesToStartWithANonPositiveMaxSeqJump(string jump)
    {
        var error = await TestGateway.RefusedStartAsync($"--Ingestion:MaxSeqJump={jump}");

        Assert.Contains("Ingestion:MaxSeqJump", error.Message);
    }

    private static Task<MqttClientPublishResult> PublishEventAsync(TestDevice device, long seq, string cardId) =>
        device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(device.DeviceId, seq, PassageTypes.Entered, cardId, Reasons.Ok, false, 0)));
}
