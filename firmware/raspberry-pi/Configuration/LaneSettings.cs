using System.Collections;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;

namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>Everything one Raspberry Pi lane needs to run; defaults follow hardware-docs/turnstile.md.</summary>
public sealed record LaneSettings
{
    public required string DeviceId { get; init; }
    public required string Secret { get; init; }
    public string Direction { get; init; } = Directions.In;
    public string StorageDirectory { get; init; } = "/var/lib/schoolgate";
    public required BrokerSettings Broker { get; init; }
    public PinSettings Pins { get; init; } = new();
    public TimingSettings Timings { get; init; } = new();

    /// <summary>Reads the JSON file, environment and arguments (see <see cref="SettingsSources"/>) and validates them.</summary>
    /// <exception cref="LaneSettingsException">Listing every problem found.</exception>
    public static LaneSettings Load(string[] args, IDictionary environment, string defaultConfigPath) =>
        Bind(SettingsSources.Collect(args, environment, defaultConfigPath));

    public static LaneSettings Bind(IReadOnlyDictionary<string, string> values)
    {
        var r = new SettingsReader(values);
        var useTls = r.Bool("Broker:UseTls", false);
        var settings = new LaneSettings
        {
            DeviceId = r.Required("DeviceId"),
            Secret = r.Required("Secret"),
            Direction = r.Text("Direction", Directions.In),
            StorageDirectory = r.Text("StorageDirectory", "/var/lib/schoolgate"),
            Broker = new BrokerSettings
            {
                Host = r.Required("Broker:Host"),
                Port = r.Int("Broker:Port", useTls ? 8883 : 1883, 1, 65535),
                UseTls = useTls,
            },
            Pins = new PinSettings
            {
                Relay = r.Int("Pins:Relay", 17, PinSettings.MinGpio, PinSettings.MaxGpio),
                RelayActiveHigh = r.Bool("Pins:RelayActiveHigh", true),
                RotationSensor = r.Int("Pins:RotationSensor", 27, PinSettings.MinGpio, PinSettings.MaxGpio),
                RotationSensorPull = r.Choice("Pins:RotationSensorPull", InputPull.Up),
                RotationSensorActiveLow = r.Bool("Pins:RotationSensorActiveLow", true),
                RotationSensorDebounceMs = r.Int("Pins:RotationSensorDebounceMs", 10, 0, 100),
                Green = r.Int("Pins:Green", 22, PinSettings.MinGpio, PinSettings.MaxGpio),
                Red = r.Int("Pins:Red", 23, PinSettings.MinGpio, PinSettings.MaxGpio),
                ReaderReset = r.Int("Pins:ReaderReset", 25, -1, PinSettings.MaxGpio),
                SpiBus = r.Int("Pins:SpiBus", 0, 0, 6),
                SpiChipSelect = r.Int("Pins:SpiChipSelect", 0, 0, 1),
                SpiClockHz = r.Int("Pins:SpiClockHz", 5_000_000, 100_000, 10_000_000),
            },
            Timings = new TimingSettings
            {
                DecisionBudgetMs = r.Int("Timings:DecisionBudgetMs", 800, 50, 10_000),
                DefaultOpenMs = r.Int("Timings:DefaultOpenMs", 5000, 500, 60_000),
                RefusedSignalMs = r.Int("Timings:RefusedSignalMs", 1500, 100, 60_000),
                ResendAfterMs = r.Int("Timings:ResendAfterMs", 5000, 500, 3_600_000),
                HeartbeatEveryMs = r.Int("Timings:HeartbeatEveryMs", 30_000, 1000, 3_600_000),
                CardRepeatMs = r.Int("Timings:CardRepeatMs", 1500, 0, 60_000),
                LoopTickMs = r.Int("Timings:LoopTickMs", 5, 1, 100),
                ReconnectDelayMs = r.Int("Timings:ReconnectDelayMs", 1000, 100, 600_000),
                JournalCapacity = r.Int("Timings:JournalCapacity", 500, 10, 100_000),
            },
        };
        r.ReportUnknownKeys();
        settings.Validate(r.Problems);
        if (r.Problems.Count > 0)
        {
            throw new LaneSettingsException(r.Problems);
        }

        return settings;
    }

    private void Validate(List<string> problems)
    {
        if (DeviceId.Length > 0 && !DeviceIds.IsValid(DeviceId))
        {
            problems.Add($"DeviceId '{DeviceId}' must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :");
        }

        if (Direction is not (Directions.In or Directions.Out))
        {
            problems.Add($"Direction must be \"{Directions.In}\" or \"{Directions.Out}\", got '{Direction}'");
        }

        Pins.Validate(problems);
    }
}

public sealed record BrokerSettings
{
    public required string Host { get; init; }
    public int Port { get; init; } = 1883;
    public bool UseTls { get; init; }
}

public sealed record TimingSettings
{
    public int DecisionBudgetMs { get; init; } = 800;
    public int DefaultOpenMs { get; init; } = 5000;
    public int RefusedSignalMs { get; init; } = 1500;
    public int ResendAfterMs { get; init; } = 5000;
    public int HeartbeatEveryMs { get; init; } = 30_000;
    /// <summary>The same card seen again within this long of its last sighting is one tap.</summary>
    public int CardRepeatMs { get; init; } = 1500;
    public int LoopTickMs { get; init; } = 5;
    public int ReconnectDelayMs { get; init; } = 1000;
    public int JournalCapacity { get; init; } = 500;
}
