using MQTTnet.Formatter;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Simulator.Devices;

public sealed class VirtualTurnstileOptions
{
    public required string DeviceId { get; init; }
    public required string Secret { get; init; }
    public string Direction { get; init; } = Directions.In;
    public string MqttHost { get; init; } = "127.0.0.1";
    public int MqttPort { get; init; } = 1883;
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>The device's flash: journal and seq survive a reboot that reuses the directory.</summary>
    public required string StorageDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
    public int DecisionBudgetMs { get; init; } = 800;
    public int ResendAfterMs { get; init; } = 5000;

    /// <summary>How long a child takes from the green light to pushing the arm round.</summary>
    public TimeSpan WalkThrough { get; init; } = TimeSpan.FromMilliseconds(150);
}
