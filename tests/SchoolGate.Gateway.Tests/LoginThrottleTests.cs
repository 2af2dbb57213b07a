using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Tests;

/// <summary>Each wrong secret costs a PBKDF2 computation: a flood of them must not burn the gateway's CPU.</summary>
public sealed class LoginThrottleTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttClientConnectResultCode.ConnectionRateExceeded)]
    [InlineData(MqttProtocolVersion.V311, MqttClientConnectResultCode.ServerUnavailable)]
    public async Task RefusesADeviceIdWithoutCheckingItsSecretAfterFiveWrongOnes(MqttProtocolVersion version, MqttClientConnectResultCode throttled)
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, "wrong", version));
        }

        // Even the right secret is not looked at while the id is throttled.
        var code = await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, s.Secret, version);

        Assert.Equal(throttled, code);
        var metrics = await gateway.MetricsAsync();
        Assert.Equal(1, metrics["connectionsThrottled"]);
        Assert.Equal(6, metrics["connectionsRejected"]);
        Assert.Equal(0, metrics["connectionsAccepted"]);
    }

    [Fact]
    public async Task LetsTheDeviceInWithItsSecretOnceTheWindowHasPassed()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        for (var i = 0; i < 5; i++)
        {
            await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, "mistyped", MqttProtocolVersion.V500);
        }

        gateway.Time.Advance(TimeSpan.FromSeconds(59));
        var early = await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, s.Secret, MqttProtocolVersion.V500);
        gateway.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, s.Secret, MqttProtocolVersion.V500);

        Assert.Equal(MqttClientConnectResultCode.ConnectionRateExceeded, early);
        Assert.Equal(MqttClientConnectResultCode.Success, after);
    }

    [Fact]
    public async Task WrongSecretsForOneDeviceIdDoNotThrottleAnother()
    {
        await using var gateway = await TestGateway.StartAsync();
        var s = await gateway.SeedAsync();
        var otherSecret = await gateway.RegisterDeviceAsync("turnstile-exit", s.SchoolId, direction: "out");
        for (var i = 0; i < 10; i++)
        {
            await gateway.TryConnectAsync(s.DeviceId, s.DeviceId, "wrong", MqttProtocolVersion.V500);
        }

        await using var other = await gateway.ConnectAsync("turnstile-exit", otherSecret);

        Assert.True(other.Client.IsConnected);
        Assert.Equal(5, (await gateway.MetricsAsync())["connectionsThrottled"]);
    }

    [Fact]
    public void ReportsTheThrottleOncePerWindow()
    {
        var time = new FakeTimeProvider(TestGateway.DefaultStart);
        var throttle = new LoginThrottle(Options.Create(new MqttOptions()), time);

        var started = Enumerable.Range(0, 7).Select(_ => throttle.RecordFailure("gate-1", "10.0.0.5")).ToArray();
        time.Advance(TimeSpan.FromSeconds(60));
        var nextWindow = Enumerable.Range(0, 5).Select(_ => throttle.RecordFailure("gate-1", "10.0.0.5")).ToArray();

        Assert.Equal([false, false, false, false, true, false, false], started);
        Assert.Equal([false, false, false, false, true], nextWindow);
    }

    [Fact]
    public void FailuresFromAnotherAddressDoNotThrottleTheDeviceAtItsOwn()
    {
        var throttle = new LoginThrottle(Options.Create(new MqttOptions()), new FakeTimeProvider(TestGateway.DefaultStart));

        for (var i = 0; i < 20; i++)
        {
            throttle.RecordFailure("gate-1", "10.0.0.66");
        }

        Assert.True(throttle.IsThrottled("gate-1", "10.0.0.66"));
        Assert.False(throttle.IsThrottled("gate-1", "10.0.0.5"));
        Assert.False(throttle.IsThrottled("gate-2", "10.0.0.66"));
    }

    [Fact]
    public void ASuccessfulLoginForgetsEarlierFailures()
    {
        var throttle = new LoginThrottle(Options.Create(new MqttOptions()), new FakeTimeProvider(TestGateway.DefaultStart));
        for (var i = 0; i < 4; i++)
        {
            throttle.RecordFailure("gate-1", "10.0.0.5");
        }

        throttle.RecordSuccess("gate-1", "10.0.0.5");
        var reached = throttle.RecordFailure("gate-1", "10.0.0.5");

        Assert.False(reached);
        Assert.False(throttle.IsThrottled("gate-1", "10.0.0.5"));
    }
}
