using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
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
    IEnumerable<IDeviceSubscriptionObserver> subscriptionObservers,
    TimeProvider time,
    ILogger<MqttBroker> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private MqttServer? _server;
    private X509Certificate2? _certificate;

    public bool IsListening => _server?.IsStarted == true;

    public int Port => options.Value.Port;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var bind = IPAddress.Parse(o.BindAddress);
        // MQTTnet opens an IPv4 and an IPv6 socket per listener, on "any" unless told otherwise:
        // the family not named by BindAddress is switched off, or it would listen everywhere.
        var ipv4 = bind.AddressFamily == AddressFamily.InterNetwork ? bind : IPAddress.None;
        var ipv6 = bind.AddressFamily == AddressFamily.InterNetworkV6 ? bind : IPAddress.None;
        var builder = new MqttServerOptionsBuilder()
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(o.MaxPendingMessagesPerClient)
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropOldestQueuedMessage);
        builder = o.Port > 0
            ? builder.WithDefaultEndpoint().WithDefaultEndpointPort(o.Port)
                .WithDefaultEndpointBoundIPAddress(ipv4).WithDefaultEndpointBoundIPV6Address(ipv6)
            : builder.WithoutDefaultEndpoint();
        if (o.Tls.Enabled)
        {
            _certificate = TlsCertificate.Load(o.Tls);
            builder = builder.WithEncryptedEndpoint().WithEncryptedEndpointPort(o.Tls.Port)
                .WithEncryptedEndpointBoundIPAddress(ipv4).WithEncryptedEndpointBoundIPV6Address(ipv6)
                .WithEncryptionCertificate(_certificate);
        }

        var server = new MqttServerFactory().CreateMqttServer(builder.Build());
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
        server.ClientSubscribedTopicAsync += args =>
        {
            foreach (var observer in subscriptionObservers)
            {
                observer.Subscribed(args.ClientId, args.TopicFilter.Topic);
            }

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
        LogListeners(o, bind);
    }

    private void LogListeners(MqttOptions o, IPAddress bind)
    {
        var where = bind.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString();
        if (o.Port > 0)
        {
            logger.LogInformation("MQTT broker listening on {Address}:{Port} (plaintext)", where, o.Port);
        }

        if (o.Tls.Enabled)
        {
            logger.LogInformation("MQTT broker listening on {Address}:{Port} (TLS, certificate {Subject}, expires {Expires:yyyy-MM-dd})",
                where, o.Tls.Port, _certificate!.Subject, _certificate.NotAfter);
        }

        if (o.Port > 0 && !IPAddress.IsLoopback(bind))
        {
            logger.LogWarning(
                "MQTT: the plaintext listener on {Address}:{Port} is reachable from the network: device secrets and card ids cross it unencrypted. "
                + "Use Mqtt:Tls:Port with Mqtt:Port=0 unless the devices' network is closed",
                where, o.Port);
        }
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
        _certificate?.Dispose();
        return ValueTask.CompletedTask;
    }
}
