using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Tests;

/// <summary>DeviceConnection against a bare in-process MQTTnet broker (no sessions kept, like a restarted broker).</summary>
public sealed class DeviceConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private MqttServer _server = null!;
    private int _port;
    private int _subscriptionsToRefuse;

    // MQTTnet cannot report a port it chose itself, so the port is picked here (again if taken).
    public async Task InitializeAsync() => (_server, _port) = await AddressInUse.StartAsync(
        port =>
        {
            var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointPort(port)
                .Build());
            server.InterceptingSubscriptionAsync += args =>
            {
                if (Interlocked.Decrement(ref _subscriptionsToRefuse) >= 0)
                {
                    args.ProcessSubscription = false;
                    args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                }

                return Task.CompletedTask;
            };
            return server;
        },
        server => server.StartAsync());

    [Fact]
    public async Task ConnectFailsAndLeavesNoConnectionWhenTheBrokerRefusesTheSubscriptions()
    {
        _subscriptionsToRefuse = 1;
        await using var connection = NewConnection();

        await Assert.ThrowsAnyAsync<Exception>(() => connection.ConnectAsync());

        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task ReconnectsUntilSubscribedWhenTheBrokerRefusesTheSubscriptionsAfterADrop()
    {
        await using var connection = NewConnection();
        var decision = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.MessageReceived += (leaf, _) =>
        {
            decision.TrySetResult(leaf);
            return Task.CompletedTask;
        };
        await connection.ConnectAsync();

        // The broker loses the session (as after a restart) and refuses the next subscribe once.
        _subscriptionsToRefuse = 1;
        await _server.DisconnectClientAsync("gate-1", new MqttServerClientDisconnectOptions());
        await WaitUntilAsync(() => Volatile.Read(ref _subscriptionsToRefuse) < 0 && connection.IsConnected);
        await PublishUntilReceivedAsync(decision.Task);

        Assert.Equal(Topics.AccessDecision, await decision.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task RaisesConnectedOnlyOnceTheSubscriptionsAreInPlace()
    {
        await using var connection = NewConnection();
        var ack = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.MessageReceived += (leaf, _) =>
        {
            ack.TrySetResult(leaf);
            return Task.CompletedTask;
        };

        // What the gateway does when a reconnecting device re-sends its journal: ack at once.
        // The broker keeps no session here, so the ack only arrives if the subscription exists.
        connection.Connected += () => _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder()
                .WithTopic(Topics.ForDevice("gate-1", Topics.EventAck))
                .WithPayload(ProtocolCodec.Encode(new EventAck(1)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build()) { SenderClientId = "test" });
        await connection.ConnectAsync();

        Assert.Equal(Topics.EventAck, await ack.Task.WaitAsync(Patience));
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }

    private DeviceConnection NewConnection() => new(new DeviceConnectionOptions
    {
        Port = _port,
        DeviceId = "gate-1",
        Secret = "secret",
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
    });

    // Subscriptions are in place once the connection is back, but a message injected a moment too
    // early would be lost; re-inject until it arrives (or give up after Patience).
    private async Task PublishUntilReceivedAsync(Task received)
    {
        using var giveUp = new CancellationTokenSource(Patience);
        while (!received.IsCompleted && !giveUp.IsCancellationRequested)
        {
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(Topics.ForDevice("gate-1", Topics.AccessDecision))
                .WithPayload(ProtocolCodec.Encode(new AccessDecision(1, true, Reasons.Ok, 0)))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "test" });
            await Task.WhenAny(received, Task.Delay(100));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var giveUp = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, giveUp.Token);
        }
    }
}
