using MQTTnet.Formatter;
using SchoolGate.Firmware.Core.BusValidator;

namespace SchoolGate.Simulator.Devices;

public sealed class VirtualBusValidatorOptions
{
    public required string DeviceId { get; init; }
    public required string Secret { get; init; }
    public string MqttHost { get; init; } = "127.0.0.1";
    public int MqttPort { get; init; } = 1883;
    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V500;

    /// <summary>The device's flash: journal and seq survive a reboot that reuses the directory.</summary>
    public required string StorageDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string? Route { get; init; }
    public string? Vehicle { get; init; }

    /// <summary>A second reader at the exit door (taps there are "alighted").</summary>
    public bool TapOff { get; init; }

    public int DedupeWindowMs { get; init; } = 3000;
    public int ResendAfterMs { get; init; } = 5000;
    public int JournalCapacity { get; init; } = BusValidatorConfig.DefaultJournalCapacity;

    /// <summary>The route the bus drives, for its GPS receiver; null: a validator without GPS.</summary>
    public IReadOnlyList<GeoPoint>? GpsRoute { get; init; }

    /// <summary>How long the bus takes from one point of <see cref="GpsRoute"/> to the next.</summary>
    public TimeSpan GpsLegTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Connect before the loop starts (and throw if the broker refuses). False: the validator
    /// powers up without waiting for the network, as a real one out of coverage does, takes taps
    /// into its journal and keeps trying to connect in the background until the broker answers.
    /// </summary>
    public bool ConnectAtStart { get; init; } = true;

    /// <summary>The firmware loop's pause between steps (the ESP32 app runs every 5-20 ms).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(5);
}
