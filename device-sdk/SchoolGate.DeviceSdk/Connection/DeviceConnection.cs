using System.Buffers;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Connection;

/// <summary>
/// One device's MQTT connection to the gateway: credentials, a retained "offline" last will,
/// a persistent session, QoS 1, subscriptions to the device's own gateway-to-device topics and
/// automatic reconnects. Durability of events is the caller's job (a journal that re-sends until
/// <see cref="EventAck"/> arrives): the broker's PUBACK does not mean "stored by the gateway".
/// </summary>
public sealed class DeviceConnection : IAsyncDisposable
{
    private readonly DeviceConnectionOptions _options;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _reconnectLoop;

    public DeviceConnection(DeviceConnectionOptions options)
    {
        if (!DeviceIds.IsValid(options.DeviceId))
        {
            throw new ArgumentException($"'{options.DeviceId}' is not a valid device id.", nameof(options));
        }

        _options = options;
        _client = new MqttClientFactory().CreateMqttClient();
        _clientOptions = BuildClientOptions(options);
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _client.DisconnectedAsync += _ => RaiseAsync(Disconnected);
    }

    public string DeviceId => _options.DeviceId;

    public bool IsConnected => _client.IsConnected;

    /// <summary>A gateway-to-device message arrived: (leaf topic, payload).</summary>
    public event Func<string, byte[], Task>? MessageReceived;

    /// <summary>Raised after every successful (re)connect, once the subscriptions are in place.</summary>
    public event Func<Task>? Connected;

    public event Func<Task>? Disconnected;

    /// <summary>The retained state published on every connect and, as last will, on every drop.</summary>
    public byte[] StatePayload(string status, long ts) => StatePayload(_options, status, ts);

    /// <summary>
    /// Connects once (throws <see cref="MqttConnectingFailedException"/> when the broker refuses the
    /// connection, <see cref="InvalidOperationException"/> and disconnects when it refuses a
    /// subscription), then keeps reconnecting in the background after any drop until disposed.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await ConnectOnceAsync(cancellationToken);
        _reconnectLoop ??= Task.Run(() => KeepConnectedAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task<bool> PublishAsync(string leaf, byte[] payload, bool retain = false,
        MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, CancellationToken cancellationToken = default)
    {
        if (!_client.IsConnected)
        {
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(_options.DeviceId, leaf))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(qos)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken);
            return result.IsSuccess;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Drops the connection the way a network outage looks to the broker (the last will fires);
    /// the background loop reconnects after <see cref="DeviceConnectionOptions.ReconnectDelay"/>.
    /// </summary>
    public async Task DropAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder()
                .WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage)
                .Build());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_reconnectLoop is not null)
        {
            await _reconnectLoop;
        }

        await DisconnectQuietlyAsync();
        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        var result = await _client.ConnectAsync(_clientOptions, cancellationToken);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"Broker refused {_options.DeviceId}: {result.ResultCode} {result.ReasonString}");
        }

        // A resumed session still holds the subscriptions, but subscribing again is cheap and
        // covers brokers that dropped the session (MQTTnet keeps sessions in RAM only).
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.ForDevice(_options.DeviceId, Topics.AccessDecision), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.ForDevice(_options.DeviceId, Topics.EventAck), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.ForDevice(_options.DeviceId, Topics.AccessList), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(Topics.ForDevice(_options.DeviceId, Topics.BiometricDelete), MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            var subscribed = await _client.SubscribeAsync(subscribe, cancellationToken);
            var refused = subscribed.Items.Where(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2).ToArray();
            if (refused.Length > 0)
            {
                throw new InvalidOperationException($"Broker refused subscriptions of {_options.DeviceId}: " +
                    string.Join(", ", refused.Select(i => $"{i.TopicFilter.Topic} ({i.ResultCode})")));
            }
        }
        catch
        {
            // Connected but not subscribed, the device would never hear a decision or an ack, and
            // the reconnect loop (which only acts while disconnected) would never repair it.
            await DisconnectQuietlyAsync();
            throw;
        }

        // Raised only now, not on CONNACK: on Connected the firmware re-sends its journal, and the
        // gateway's acks for those events must find the subscriptions already in place.
        await RaiseAsync(Connected);
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone: nothing to undo.
        }
    }

    private async Task KeepConnectedAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.ReconnectDelay, stopping);
                if (!_client.IsConnected)
                {
                    await ConnectOnceAsync(stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (Exception)
            {
                // The broker is away; try again after the delay. Devices must survive hours offline.
            }
        }
    }

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var handler = MessageReceived;
        if (handler is null || !Topics.TryParse(e.ApplicationMessage.Topic, out var deviceId, out var leaf) || deviceId != _options.DeviceId)
        {
            return;
        }

        await handler(leaf, e.ApplicationMessage.Payload.ToArray());
    }

    private static Task RaiseAsync(Func<Task>? handler) => handler is null ? Task.CompletedTask : handler();

    private static byte[] StatePayload(DeviceConnectionOptions o, string status, long ts) =>
        ProtocolCodec.Encode(new DeviceState(o.DeviceId, o.Kind, status, o.Firmware, ts));

    private static MqttClientOptions BuildClientOptions(DeviceConnectionOptions o)
    {
        // The will is fixed at connect time, so it carries ts 0 ("unknown") by protocol.
        var offline = StatePayload(o, DeviceStatus.Offline, 0);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(o.Host, o.Port)
            .WithClientId(o.DeviceId)
            .WithCredentials(o.DeviceId, o.Secret)
            .WithProtocolVersion(o.ProtocolVersion)
            .WithKeepAlivePeriod(o.KeepAlive)
            .WithCleanStart(false)
            .WithWillTopic(Topics.ForDevice(o.DeviceId, Topics.State))
            .WithWillPayload(offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (o.ProtocolVersion == MqttProtocolVersion.V500)
        {
            builder = builder.WithSessionExpiryInterval((uint)o.SessionExpiry.TotalSeconds);
        }

        if (o.UseTls)
        {
            builder = builder.WithTlsOptions(t => t.UseTls());
        }

        return builder.Build();
    }
}
