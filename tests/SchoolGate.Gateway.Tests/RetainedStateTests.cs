using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class RetainedStateTests
{
    [Fact]
    public async Task RetainedStateSurvivesRestart()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var state = ProtocolCodec.Encode(new DeviceState(s.DeviceId, DeviceKinds.Turnstile, DeviceStatus.Online, "core-1.0", 1));
        await using (var device = await gateway.ConnectAsync(s.DeviceId, s.Secret))
        {
            var published = await device.PublishAsync(Topics.State, state, retain: true);
            Assert.True(published.IsSuccess);
        }

        await gateway.RestartAsync();

        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += args =>
        {
            received.TrySetResult(args.ApplicationMessage);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(gateway.ClientOptions(s.DeviceId, s.DeviceId, s.Secret, MQTTnet.Formatter.MqttProtocolVersion.V500));
        await client.SubscribeAsync(Topics.ForDevice(s.DeviceId, Topics.State), MqttQualityOfServiceLevel.AtLeastOnce);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(message.Retain);
        Assert.Equal(state, message.Payload.ToArray());
        var devices = await gateway.GetAsync<System.Text.Json.JsonElement[]>("/api/devices");
        Assert.Equal("online", devices.Single(d => d.GetProperty("deviceId").GetString() == s.DeviceId).GetProperty("status").GetString());
    }
}
