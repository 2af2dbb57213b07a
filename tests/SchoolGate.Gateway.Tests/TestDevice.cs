using System.Buffers;
using System.Text;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests;

/// <summary>A device as the gateway sees it: a real MQTTnet client subscribed to its own subtree.</summary>
public sealed class TestDevice : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Channel<MqttApplicationMessage> _inbox = Channel.CreateUnbounded<MqttApplicationMessage>();
    private long _requestId;

    private TestDevice(IMqttClient client, string deviceId)
    {
        Client = client;
        DeviceId = deviceId;
        client.ApplicationMessageReceivedAsync += args =>
        {
            _inbox.Writer.TryWrite(args.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public IMqttClient Client { get; }

    public string DeviceId { get; }

    public static async Task<TestDevice> ConnectAsync(TestGateway gateway, string deviceId, string secret, MqttProtocolVersion version)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(gateway.ClientOptions(deviceId, deviceId, secret, version));
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        var device = new TestDevice(client, deviceId);
        var subscribe = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(Topics.DevicePrefix(deviceId) + "#", MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.All(subscribe.Items, i => Assert.True((int)i.ResultCode <= 2, $"subscription refused: {i.ResultCode}"));
        return device;
    }

    public string Topic(string leaf) => Topics.ForDevice(DeviceId, leaf);

    public Task<MqttClientPublishResult> PublishAsync(string leaf, byte[] payload, bool retain = false) =>
        PublishToAsync(Topic(leaf), payload, retain);

    public Task<MqttClientPublishResult> PublishToAsync(string topic, byte[] payload, bool retain = false) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build());

    public async Task<AccessDecision> RequestAccessAsync(string cardId, string direction = Directions.In)
    {
        var requestId = Interlocked.Increment(ref _requestId);
        await PublishAsync(Topics.AccessRequest, ProtocolCodec.Encode(new AccessRequest(DeviceId, requestId, cardId, direction, 0)));
        var message = await NextAsync(Topics.AccessDecision);
        Assert.True(ProtocolCodec.TryDecode(message.Payload.ToArray(), ProtocolJsonContext.Default.AccessDecision, out var decision, out var error), error);
        Assert.Equal(requestId, decision.RequestId);
        return decision;
    }

    /// <summary>Publishes a journaled event and returns the application-level ack that follows.</summary>
    public async Task<EventAck> SendEventAsync(long seq, string type, string cardId, long tsMs, bool offline = false, string reason = Reasons.Ok)
    {
        var published = await PublishAsync(Topics.Events,
            ProtocolCodec.Encode(new PassageEvent(DeviceId, seq, type, cardId, reason, offline, tsMs)));
        Assert.True(published.IsSuccess, $"event {seq} not accepted: {published.ReasonCode}");
        return await NextAckAsync();
    }

    public async Task<EventAck> NextAckAsync()
    {
        var message = await NextAsync(Topics.EventAck);
        Assert.True(ProtocolCodec.TryDecode(message.Payload.ToArray(), ProtocolJsonContext.Default.EventAck, out var ack, out var error), error);
        return ack;
    }

    /// <summary>Next message on the given leaf (others are skipped).</summary>
    public async Task<MqttApplicationMessage> NextAsync(string leaf)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var message = await _inbox.Reader.ReadAsync(cts.Token);
            if (message.Topic == Topic(leaf))
            {
                return message;
            }
        }
    }

    public static string Text(MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload.ToArray());

    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync();
        }

        Client.Dispose();
    }
}
