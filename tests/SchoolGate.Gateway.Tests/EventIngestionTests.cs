using System.Text;
using MQTTnet;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class EventIngestionTests
{
    [Fact]
    public async Task StoresEventOnceWhenDeviceResendsIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var guardian = await gateway.CreateGuardianAsync("Gulnara");
        await gateway.LinkGuardianAsync(s.StudentId, guardian);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var first = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts);
        var again = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts);

        Assert.Equal(1, first.Seq);
        Assert.Equal(1, again.Seq);
        var events = await gateway.GetAsync<EventDto[]>($"/api/events?deviceId={s.DeviceId}");
        Assert.Single(events);
        var notifications = await gateway.GetAsync<NotificationDto[]>($"/api/notifications?guardianId={guardian}");
        Assert.Single(notifications);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["eventsStored"]);
        Assert.Equal(1, metrics["duplicateEvents"]);
        Assert.Equal(1, metrics["notificationsQueued"]);
    }

    [Fact]
    public async Task AcksEachEventOnlyAfterItIsCommitted()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var acks = new List<long>();
        for (var seq = 1; seq <= 3; seq++)
        {
            var ack = await device.SendEventAsync(seq, PassageTypes.Entered, s.CardId, ts);
            acks.Add(ack.Seq);
            // The ack is only sent after the commit: the row must already be readable.
            Assert.Equal(seq, CountEvents(gateway, s.DeviceId));
        }

        // A late re-send of an older event is acknowledged with the highest contiguous committed seq.
        var resent = await device.SendEventAsync(2, PassageTypes.Entered, s.CardId, ts);

        Assert.Equal([1L, 2L, 3L], acks);
        Assert.Equal(3, resent.Seq);
    }

    [Fact]
    public async Task RecordsGapWhenSeqJumps()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts);
        var ack = await device.SendEventAsync(5, PassageTypes.Exited, s.CardId, ts);

        // Not 5: the device must keep 2..4 (if it still has them) and re-send them.
        Assert.Equal(1, ack.Seq);
        var gaps = await gateway.GetAsync<GapDto[]>($"/api/gaps?deviceId={s.DeviceId}");
        var gap = Assert.Single(gaps);
        Assert.Equal((2, 4), (gap.FromSeq, gap.ToSeq));
        Assert.Equal(1, (await gateway.MetricsAsync())["gapsDetected"]);
    }

    [Fact]
    public async Task RejectsMalformedPayloadAndKeepsServing()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var otherSecret = await gateway.RegisterDeviceAsync("turnstile-exit", s.SchoolId, direction: Directions.Out);
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        await using var other = await gateway.ConnectAsync("turnstile-exit", otherSecret);
        var ts = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds();

        var garbage = await device.PublishAsync(Topics.Events, "{\"deviceId\":"u8.ToArray());
        var wrongDevice = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent("turnstile-exit", 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, ts)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, garbage.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, wrongDevice.ReasonCode);
        Assert.Equal(2, (await gateway.MetricsAsync())["malformedPayloads"]);
        Assert.Equal(0, CountEvents(gateway, "turnstile-exit"));
        // The same connection and another device keep working.
        Assert.True(device.Client.IsConnected);
        Assert.Equal(1, (await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts)).Seq);
        Assert.Equal(1, (await other.SendEventAsync(1, PassageTypes.Exited, s.CardId, ts)).Seq);
        Assert.True((await other.RequestAccessAsync(s.CardId, Directions.Out)).Allow);
    }

    [Fact]
    public async Task RefusesADevicePayloadThatNamesAFieldTwice()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        // Which deviceId is meant? Last-wins would pass the topic check with the second one.
        var twoDevices = await device.PublishAsync(Topics.Events, Encoding.UTF8.GetBytes(
            $$"""{"deviceId":"turnstile-victim","deviceId":"{{s.DeviceId}}","seq":1,"type":"entered","cardId":"{{s.CardId}}","reason":"ok","offline":false,"ts":0}"""));
        var twoCards = await device.PublishAsync(Topics.AccessRequest, Encoding.UTF8.GetBytes(
            $$"""{"deviceId":"{{s.DeviceId}}","requestId":1,"cardId":"{{s.CardId}}","direction":"in","ts":0,"cardId":"someone-else"}"""));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, twoDevices.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, twoCards.ReasonCode);
        Assert.Equal(0, CountEvents(gateway, s.DeviceId));
        var metrics = await gateway.MetricsAsync();
        Assert.Equal((2, 0), (metrics["malformedPayloads"], metrics["accessRequests"]));
    }

    [Fact]
    public async Task RefusesMessagesOnUnknownTopicLeaves()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var result = await device.PublishAsync("firmware/upload", [1, 2, 3]);

        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, result.ReasonCode);
        Assert.Equal(1, (await gateway.MetricsAsync())["publishesRejected"]);
        Assert.True(device.Client.IsConnected);
    }

    internal static long CountEvents(TestGateway gateway, string deviceId)
    {
        return gateway.Store.Scalar<long>("SELECT COUNT(*) FROM device_events WHERE device_id = @deviceId", new { deviceId });
    }

    public sealed record EventDto(string DeviceId, long Seq, string Type, string CardId, string Reason, bool Offline);

    public sealed record GapDto(string DeviceId, long FromSeq, long ToSeq, long Missing, DateTimeOffset DetectedAt, DateTimeOffset? FilledAt,
        DateTimeOffset? AbandonedAt = null);

    public sealed record NotificationDto(long Id, long GuardianId, long StudentId, string Channel, string Text, string Status,
        string? Reason = null, long Attempts = 0, string? Priority = null, long? CoalescedInto = null);
}
