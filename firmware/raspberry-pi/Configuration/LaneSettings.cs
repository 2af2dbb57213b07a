using System.Collections;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;

namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>
/// Everything one Raspberry Pi device needs to run; defaults follow hardware-docs/turnstile.md and,
/// for <see cref="Role"/> bus-validator, hardware-docs/bus-validator.md.
/// </summary>
public sealed record LaneSettings
{
    /// <summary>What the Pi is: a turnstile lane (the default) or a bus validator (protocol DeviceKinds).</summary>
    public string Role { get; init; } = DeviceKinds.Turnstile;
    public required string DeviceId { get; init; }
    public required string Secret { get; init; }
    public string Direction { get; init; } = Directions.In;
    public string StorageDirectory { get; init; } = "/var/lib/schoolgate";
    public required BrokerSettings Broker { get; init; }
    public PinSettings Pins { get; init; } = new();
    public TimingSettings Timings { get; init; } = new();
    public ValidatorSettings Validator { get; init; } = new();
    public GpsSettings Gps { get; init; } = new();

    public bool IsBusValidator => Role == DeviceKinds.BusValidator;

    /// <summary>Reads the JSON file, environment and arguments (see <see cref="SettingsSources"/>) and validates them.</summary>
    /// <exception cref="LaneSettingsException">Listing every problem found.</exception>
    public static LaneSettings Load(string[] args, IDictionary environment, string defaultConfigPath) =>
        Bind(SettingsSources.Collect(args, environment, defaultConfigPath));

    public static LaneSettings Bind(IReadOnlyDictionary<string, string> values)
    {
        var r = new SettingsReader(values);
        var useTls = r.Bool("Broker:UseTls", false);
        var role = r.Text("Role", DeviceKinds.Turnstile);
        var settings = new LaneSettings
        {
            Role = role,
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
                ExitReaderChipSelect = r.Int("Pins:ExitReaderChipSelect", 1, 0, 1),
                ExitReaderReset = r.Int("Pins:ExitReaderReset", 24, -1, PinSettings.MaxGpio),
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
                // A bus out of coverage for a day needs thousands (firmware/README.md, bus validator).
                JournalCapacity = r.Int("Timings:JournalCapacity", role == DeviceKinds.BusValidator ? 5000 : 500, 10, 100_000),
            },
            Validator = new ValidatorSettings
            {
                Route = r.Optional("Validator:Route"),
                Vehicle = r.Optional("Validator:Vehicle"),
                TapOff = r.Bool("Validator:TapOff", false),
                DedupeWindowMs = r.Int("Validator:DedupeWindowMs", 3000, 0, 600_000),
                AcceptSignalMs = r.Int("Validator:AcceptSignalMs", 700, 100, 10_000),
                MaxFixAgeMs = r.Int("Validator:MaxFixAgeMs", 10_000, 1000, 600_000),
            },
            Gps = new GpsSettings
            {
                Port = r.Text("Gps:Port", GpsSettings.DefaultPort),
                BaudRate = r.Int("Gps:BaudRate", 9600, 1200, 921_600),
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

        if (Role is not (DeviceKinds.Turnstile or DeviceKinds.BusValidator))
        {
            problems.Add($"Role must be \"{DeviceKinds.Turnstile}\" or \"{DeviceKinds.BusValidator}\", got '{Role}'");
        }

        foreach (var (name, label) in new[] { ("Validator:Route", Validator.Route), ("Validator:Vehicle", Validator.Vehicle) })
        {
            if (label is not null && !DeviceIds.IsValid(label))
            {
                problems.Add($"{name} '{label}' must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :");
            }
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

/// <summary>A bus validator's journey labels and behaviour (Role = bus-validator).</summary>
public sealed record ValidatorSettings
{
    /// <summary>The route the bus runs, sent with every tap; null when not set.</summary>
    public string? Route { get; init; }
    /// <summary>The operator's vehicle number, sent with every tap; null when not set.</summary>
    public string? Vehicle { get; init; }
    /// <summary>A second MFRC522 at the exit door (Pins:ExitReaderChipSelect): its taps are "alighted".</summary>
    public bool TapOff { get; init; }
    public int DedupeWindowMs { get; init; } = 3000;
    public int AcceptSignalMs { get; init; } = 700;
    public int MaxFixAgeMs { get; init; } = 10_000;
}

/// <summary>The NMEA 0183 GPS receiver of a bus validator.</summary>
public sealed record GpsSettings
{
    /// <summary>The Pi's primary UART (GPIO14 TXD, GPIO15 RXD) once the serial console is off.</summary>
    public const string DefaultPort = "/dev/serial0";
    /// <summary>No receiver: taps carry no position.</summary>
    public const string None = "none";

    public string Port { get; init; } = DefaultPort;
    /// <summary>u-blox NEO-6M/7M/8M and most modules talk 9600 baud out of the box.</summary>
    public int BaudRate { get; init; } = 9600;

    public bool Enabled => !string.Equals(Port, None, StringComparison.OrdinalIgnoreCase);
}
