using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Lane;

internal static class LaneTestSettings
{
    public const string DeviceId = "ts-school7-gate1";
    public const int Relay = 17;
    public const int RotationSensor = 27;
    public const int Green = 22;
    public const int Red = 23;

    /// <summary>A lane wired as in hardware-docs, pointed at <paramref name="port"/> on loopback.</summary>
    public static LaneSettings Create(string storage, int port) => new()
    {
        DeviceId = DeviceId,
        Secret = "s3cret",
        StorageDirectory = storage,
        Broker = new BrokerSettings { Host = "127.0.0.1", Port = port },
        Timings = new TimingSettings { ReconnectDelayMs = 200, DecisionBudgetMs = 2000 },
    };
}
