using MQTTnet.Formatter;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Connection;

public sealed class DeviceConnectionOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;
    public required string DeviceId { get; set; }
    public required string Secret { get; set; }
    public string Kind { get; set; } = DeviceKinds.Turnstile;
    public string Firmware { get; set; } = "sdk-1.0";
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;
    public bool UseTls { get; set; }

    /// <summary>Short keep-alive so the broker fires the last will quickly when a lane loses power.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The broker keeps the session (subscriptions, QoS 1 in flight) this long after a drop.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);
}
