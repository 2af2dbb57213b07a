using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// Injects gateway messages into the embedded broker. Separate from <see cref="MqttBroker"/>
/// because the broker depends on the handlers, and the handlers on this publisher.
/// </summary>
public sealed class DevicePublisher : IDevicePublisher
{
    private volatile MqttServer? _server;

    internal void Attach(MqttServer? server) => _server = server;

    public Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken) =>
        InjectAsync(deviceId, leaf, payload, retain: false, cancellationToken);

    /// <summary>
    /// Publishes and retains (QoS 1): the broker hands it to the device on every subscribe, and
    /// <see cref="RetainedMessageStore"/> persists it, so it survives a gateway restart.
    /// </summary>
    public Task PublishRetainedAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken) =>
        InjectAsync(deviceId, leaf, payload, retain: true, cancellationToken);

    /// <summary>The payload retained on a device topic, or null when there is none.</summary>
    public async Task<byte[]?> GetRetainedAsync(string deviceId, string leaf)
    {
        var server = _server ?? throw new InvalidOperationException("The MQTT broker is not started.");
        var message = await server.GetRetainedMessageAsync(Topics.ForDevice(deviceId, leaf));
        return message?.Payload.ToArray();
    }

    private async Task InjectAsync(string deviceId, string leaf, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("The MQTT broker is not started.");
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(deviceId, leaf))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        await server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { SenderClientId = DeviceMessageRouter.GatewaySenderId },
            cancellationToken);
    }
}
