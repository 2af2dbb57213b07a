using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

/// <summary>
/// A real MQTTnet broker on loopback playing the gateway's part: it checks the device's
/// credentials, records what the lane publishes, allows every access request and acknowledges
/// every event.
/// </summary>
internal sealed class GatewayStandIn : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly string _secret;

    private GatewayStandIn(MqttServer server, int port, string secret)
    {
        _server = server;
        _secret = secret;
        Port = port;
        server.ValidatingConnectionAsync += Validate;
        server.InterceptingPublishAsync += OnPublishAsync;
    }

    public int Port { get; }

    public ConcurrentQueue<(string Leaf, byte[] Payload, bool Retain)> Published { get; } = new();

    // MQTTnet cannot report a port it chose itself, so the port is picked here (again if taken).
    // No client knows the port before StartAsync returns, so the handlers can be attached after it.
    public static async Task<GatewayStandIn> StartAsync(string secret)
    {
        var (server, port) = await AddressInUse.StartAsync(
            port => new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(port)
                .Build()),
            server => server.StartAsync());
        return new GatewayStandIn(server, port, secret);
    }

    public IEnumerable<DeviceState> States() => Published
        .Where(m => m.Leaf == Topics.State && m.Retain)
        .Select(m => ProtocolCodec.TryDecode(m.Payload, ProtocolJsonContext.Default.DeviceState, out var s, out _) ? s : null)
        .OfType<DeviceState>();

    public IEnumerable<PassageEvent> Events() => Published
        .Where(m => m.Leaf == Topics.Events)
        .Select(m => ProtocolCodec.TryDecode(m.Payload, ProtocolJsonContext.Default.PassageEvent, out var e, out _) ? e : null)
        .OfType<PassageEvent>();

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }

    private Task Validate(ValidatingConnectionEventArgs args)
    {
        if (args.UserName != args.ClientId || args.Password != _secret)
        {
            args.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }

        return Task.CompletedTask;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs args)
    {
        if (!Topics.TryParse(args.ApplicationMessage.Topic, out var deviceId, out var leaf))
        {
            return;
        }

        var payload = args.ApplicationMessage.Payload.ToArray();
        Published.Enqueue((leaf, payload, args.ApplicationMessage.Retain));
        if (leaf == Topics.AccessRequest && ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.AccessRequest, out var request, out _))
        {
            await SendAsync(deviceId, Topics.AccessDecision, ProtocolCodec.Encode(new AccessDecision(request.RequestId, true, Reasons.Ok, 0)));
        }
        else if (leaf == Topics.Events && ProtocolCodec.TryDecode(payload, ProtocolJsonContext.Default.PassageEvent, out var passage, out _))
        {
            await SendAsync(deviceId, Topics.EventAck, ProtocolCodec.Encode(new EventAck(passage.Seq)));
        }
    }

    private async Task SendAsync(string deviceId, string leaf, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(deviceId, leaf))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "gateway" });
    }
}
