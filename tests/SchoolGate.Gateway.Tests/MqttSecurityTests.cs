using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

public sealed class MqttSecurityTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task RejectsUnknownDevice(MqttProtocolVersion version)
    {
        await using var gateway = await TestGateway.StartAsync();

        var code = await gateway.TryConnectAsync("ghost-1", "ghost-1", "whatever", version);

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
        Assert.Equal(1, (await gateway.MetricsAsync())["connectionsRejected"]);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task RejectsWrongPassword(MqttProtocolVersion version)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var code = await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, s.Secret + "x", version);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["connectionsRejected"]);
        Assert.Equal(0, metrics["connectionsAccepted"]);
    }

    [Fact]
    public async Task RejectsUsernameThatIsNotTheClientId()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        var code = await gateway.TryConnectAsync(s.DeviceId, "admin", s.Secret, MqttProtocolVersion.V500);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }

    [Fact]
    public async Task RejectsClientIdThatIsNotAValidDeviceId()
    {
        await using var gateway = await TestGateway.StartAsync();

        var code = await gateway.TryConnectAsync("bad/id#", "bad/id#", "x", MqttProtocolVersion.V500);

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, code);
    }

    [Fact]
    public async Task AcceptsRegisteredDeviceOverMqtt311()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();

        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret, MqttProtocolVersion.V311);

        Assert.True((await device.RequestAccessAsync(s.CardId)).Allow);
        Assert.Equal(1, (await gateway.MetricsAsync())["connectionsAccepted"]);
    }

    [Fact]
    public async Task RefusesPublishUnderAnotherDevicesTopic()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var victimSecret = await gateway.RegisterDeviceAsync("turnstile-victim", s.SchoolId);
        await using var victim = await gateway.ConnectAsync("turnstile-victim", victimSecret);
        await using var attacker = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var forged = ProtocolCodec.Encode(new PassageEvent("turnstile-victim", 1, PassageTypes.Entered, s.CardId, Reasons.Ok, false, 0));

        var intoVictim = await attacker.PublishToAsync(victim.Topic(Topics.Events), forged);
        var outsideTree = await attacker.PublishToAsync("schoolgate/v1/broadcast", [1]);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, intoVictim.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, outsideTree.ReasonCode);
        Assert.Equal(2, (await gateway.MetricsAsync())["publishesRejected"]);
        Assert.Equal(0, EventIngestionTests.CountEvents(gateway, "turnstile-victim"));
        // An MQTT 5 device learns from the reason code and stays connected.
        Assert.True(attacker.Client.IsConnected);
    }

    [Fact]
    public async Task ClosesMqtt311ConnectionThatPublishesUnderAnotherDevicesTopic()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var attacker = await gateway.ConnectAsync(s.DeviceId, s.Secret, MqttProtocolVersion.V311);
        var disconnected = new TaskCompletionSource();
        attacker.Client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };

        // 3.1.1 has no negative PUBACK, so the broker closes the connection instead.
        await Assert.ThrowsAnyAsync<Exception>(() => attacker.PublishToAsync(Topics.ForDevice("turnstile-victim", Topics.Events), [1]));
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, (await gateway.MetricsAsync())["publishesRejected"]);
    }

    [Theory]
    [InlineData("schoolgate/v1/devices/turnstile-victim/access/decision")]
    [InlineData("schoolgate/v1/devices/+/events/ack")]
    [InlineData("#")]
    public async Task RefusesSubscriptionToAnotherDevicesTopic(string filter)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);

        var result = await device.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(result.Items).ResultCode);
        Assert.Equal(1, (await gateway.MetricsAsync())["publishesRejected"]);
        Assert.True(device.Client.IsConnected);
    }
}
