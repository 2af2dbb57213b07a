using Microsoft.Extensions.Options;
using MQTTnet.Server;
using SchoolGate.Gateway.Devices;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// The embedded MQTTnet 5 broker (MQTT 5 and 3.1.1). Persistent sessions live in RAM only: after
/// a gateway restart devices re-send from their own journals, which is why the protocol acks
/// events at application level instead of relying on broker state.
/// </summary>
public sealed class MqttBroker(
    IOptions<MqttOptions> options,
    DeviceAuthenticator authenticator,
    DeviceMessageRouter router,
    RetainedMessageStore retained,
    DevicePresence presence,
    DeviceLastSeen lastSeen,
    DevicePublisher publisher,
    TimeProvider time,
    ILogger<MqttBroker> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private MqttServer? _server;

    public bool IsListening => _server?.IsStarted == true;

    public int Port => options.Value.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointPort(options.Value.Port)
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(options.Value.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage)
            .Build();

        var server = new MqttServerFactory().CreateMqttServer(serverOptions);
        server.ValidatingConnectionAsync += authenticator.ValidateAsync;
        server.InterceptingPublishAsync += router.InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += router.InterceptSubscriptionAsync;
        server.LoadingRetainedMessageAsync += retained.LoadAsync;
        server.RetainedMessageChangedAsync += retained.SaveAsync;
        server.ClientConnectedAsync += args =>
        {
            presence.Connected(args.ClientId, args.RemoteEndPoint, time.GetUtcNow());
            lastSeen.Seen(args.ClientId);
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += args =>
        {
            // A takeover means the same device already reconnected on a new connection.
            if (args.DisconnectType != MqttClientDisconnectType.Takeover)
            {
                presence.Disconnected(args.ClientId, args.RemoteEndPoint);
                logger.LogInformation("MQTT: device {DeviceId} disconnected ({Type})", args.ClientId, args.DisconnectType);
            }

            return Task.CompletedTask;
        };

        await server.StartAsync();
        _server = server;
        publisher.Attach(server);
        logger.LogInformation("MQTT broker listening on port {Port}", options.Value.Port);
    }

    // StoppingAsync runs before ANY hosted service stops: devices are disconnected while the
    // event writer is still running, so no publish is cut off between "queued" and "committed".
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        publisher.Attach(null);
        if (_server is { IsStarted: true } server)
        {
            await server.StopAsync();
            logger.LogInformation("MQTT broker stopped");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
