using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Tests;

/// <summary>What a device can do to the broker on purpose or by accident, and what the store can do to it.</summary>
public sealed class MqttRobustnessTests
{
    [Fact]
    public async Task StoreFailureRefusesTheEventCountsItAndKeepsTheSessionOpen()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        gateway.Store.Execute("DROP TABLE device_events");

        var published = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0)));

        // Not stored, so not "success": an MQTT 5 device learns it at once and keeps its journal entry.
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, published.ReasonCode);
        Assert.True(device.Client.IsConnected);
        Assert.Equal(1, (await gateway.MetricsAsync())["handlerFailures"]);
        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
    }

    [Fact]
    public async Task StoreFailureClosesAnMqtt311ConnectionInsteadOfAcknowledging()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret, MqttProtocolVersion.V311);
        var disconnected = new TaskCompletionSource();
        device.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        gateway.Store.Execute("DROP TABLE device_events");

        // 3.1.1 has no negative PUBACK: a PUBACK here would read as "stored".
        await Assert.ThrowsAnyAsync<Exception>(() => device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0))));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, (await gateway.MetricsAsync())["handlerFailures"]);
    }

    [Fact]
    public async Task DeviceCannotRetainAnythingButItsState()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var heartbeat = await device.PublishAsync(Topics.Heartbeat,
            ProtocolCodec.Encode(new Heartbeat(s.DeviceId, 1, 0, 0)), retain: true);
        var request = await device.PublishAsync(Topics.AccessRequest,
            ProtocolCodec.Encode(new AccessRequest(s.DeviceId, 1, s.CardId, Directions.In, 0)), retain: true);
        var state = await device.PublishAsync(Topics.State,
            ProtocolCodec.Encode(new DeviceState(s.DeviceId, DeviceKinds.Turnstile, DeviceStatus.Online, "core-1.0", 1)), retain: true);

        Assert.True(heartbeat.IsSuccess && request.IsSuccess && state.IsSuccess);
        var publisher = gateway.Services.GetRequiredService<DevicePublisher>();
        Assert.Null(await publisher.GetRetainedAsync(s.DeviceId, Topics.Heartbeat));
        Assert.Null(await publisher.GetRetainedAsync(s.DeviceId, Topics.AccessRequest));
        Assert.NotNull(await publisher.GetRetainedAsync(s.DeviceId, Topics.State));
    }

    [Fact]
    public async Task DeviceCannotRetainAnEvent()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var published = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0)), retain: true);
        await device.NextAckAsync();

        Assert.True(published.IsSuccess);
        Assert.Null(await gateway.Services.GetRequiredService<DevicePublisher>().GetRetainedAsync(s.DeviceId, Topics.Events));
        Assert.Equal(1, EventIngestionTests.CountEvents(gateway, s.DeviceId));
    }

    [Fact]
    public async Task RefusesAnOversizedPayloadAndCountsIt()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var hugeReason = new string('x', 256 * 1024);

        var published = await device.PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(s.DeviceId, 1, PassageTypes.Refused, s.CardId, hugeReason, false, 0)));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, published.ReasonCode);
        Assert.Equal(0, EventIngestionTests.CountEvents(gateway, s.DeviceId));
        Assert.Equal(1, (await gateway.MetricsAsync())["malformedPayloads"]);
        Assert.True(device.Client.IsConnected);
    }

    [Fact]
    public async Task RecordsNoGapBelowTheFirstSeqAfterTheLargestPossibleSeq()
    {
        // Only a gateway told to accept any jump stores such a seq; its arithmetic must still not wrap.
        await using var gateway = await TestGateway.StartAsync(configure: b => b.Configuration["Ingestion:MaxSeqJump"] = long.MaxValue.ToString());
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        await device.SendEventAsync(long.MaxValue, PassageTypes.Entered, s.CardId, 0);
        await device.SendEventAsync(5, PassageTypes.Exited, s.CardId, 0);

        var gaps = await gateway.Http.GetFromJsonAsync<EventIngestionTests.GapDto[]>($"/api/gaps?deviceId={s.DeviceId}");
        var gap = Assert.Single(gaps!);
        Assert.Equal((1, long.MaxValue - 1), (gap.FromSeq, gap.ToSeq));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public async Task EventWithAnUnrepresentableDeviceTimeIsStoredAndTheEventsApiStillAnswers(long ts)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var ack = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, ts);

        Assert.Equal(1, ack.Seq);
        var events = await gateway.GetAsync<EventIngestionTests.EventDto[]>($"/api/events?deviceId={s.DeviceId}");
        Assert.Equal(1, Assert.Single(events).Seq);
    }
}
