using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Benchmarks.Gateway;

/// <summary>
/// One benchmark device: a real MQTTnet 5 client that publishes QoS 1 under its own subtree and
/// queues what it receives. The same class drives the bare broker and the gateway, so the client
/// side costs the same in the baseline and in the measured case.
/// </summary>
internal sealed class BenchDevice : IAsyncDisposable
{
    // Generous: a benchmark that hangs is worse than one that fails loudly.
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client;
    private readonly Channel<MqttApplicationMessage> _inbox =
        Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });

    // Never reset: the gateway stores each (device, seq) once, so every warm-up, pilot and
    // measured invocation must send new seqs or it would measure the duplicate path.
    private long _seq;
    private long _requestId;

    private BenchDevice(IMqttClient client, string deviceId)
    {
        _client = client;
        DeviceId = deviceId;
        client.ApplicationMessageReceivedAsync += args =>
        {
            _inbox.Writer.TryWrite(args.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public string DeviceId { get; }

    public string CardId { get; private init; } = "";

    public static async Task<BenchDevice> ConnectAsync(int port, string deviceId, string cardId, string? secret, params string[] subscribeLeaves)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(deviceId)
            .WithCredentials(secret is null ? null : deviceId, secret)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(ReplyTimeout)
            .Build();
        var connected = await client.ConnectAsync(options);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{deviceId} could not connect: {connected.ResultCode}");
        }

        var device = new BenchDevice(client, deviceId) { CardId = cardId };
        if (subscribeLeaves.Length > 0)
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (var leaf in subscribeLeaves)
            {
                subscribe.WithTopicFilter(Topics.ForDevice(deviceId, leaf), MqttQualityOfServiceLevel.AtLeastOnce);
            }

            var result = await client.SubscribeAsync(subscribe.Build());
            if (result.Items.Any(i => (int)i.ResultCode > 2))
            {
                throw new InvalidOperationException($"{deviceId}: subscription refused");
            }
        }

        return device;
    }

    public long NextSeq() => ++_seq;

    public long NextRequestId() => ++_requestId;

    /// <summary>QoS 1 publish; completes on the PUBACK, throws on a negative one.</summary>
    public async Task PublishAsync(string leaf, byte[] payload)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(DeviceId, leaf))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"{DeviceId}: publish to {leaf} refused: {result.ReasonCode}");
        }
    }

    /// <summary>The next message received on <paramref name="leaf"/>; others are skipped.</summary>
    public async Task<MqttApplicationMessage> NextAsync(string leaf)
    {
        var topic = Topics.ForDevice(DeviceId, leaf);
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        while (true)
        {
            var message = await _inbox.Reader.ReadAsync(timeout.Token);
            if (message.Topic == topic)
            {
                return message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
