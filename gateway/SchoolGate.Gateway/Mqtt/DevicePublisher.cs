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

    public async Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("The MQTT broker is not started.");
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.ForDevice(deviceId, leaf))
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(message) { SenderClientId = DeviceMessageRouter.GatewaySenderId },
            cancellationToken);
    }
}
