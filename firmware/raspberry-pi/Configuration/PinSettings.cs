using SchoolGate.Firmware.Adapters;

namespace SchoolGate.Firmware.RaspberryPi.Configuration;

/// <summary>BCM GPIO numbers of one lane (hardware-docs/turnstile.md) and the reader's SPI port.</summary>
public sealed record PinSettings
{
    // The 40-pin header exposes GPIO0-27.
    public const int MinGpio = 0;
    public const int MaxGpio = 27;

    // SPI0 (CE1, CE0, MISO, MOSI, SCLK) belongs to the kernel's spidev driver once SPI is enabled.
    private static readonly int[] Spi0Pins = [7, 8, 9, 10, 11];

    public int Relay { get; init; } = 17;
    /// <summary>
    /// True for a ULN2003A or NPN stage in front of the relay (hardware-docs/turnstile.md). False
    /// only for a board that switches on a low input and is really off at 3.3 V: a 5 V active-low
    /// opto board hangs its LED from 5 V, so a 3.3 V high can leave it partly lit and the relay on.
    /// </summary>
    public bool RelayActiveHigh { get; init; } = true;
    public int RotationSensor { get; init; } = 27;
    /// <summary>
    /// What holds the sensor line idle: <see cref="InputPull.Up"/> (the Pi's ~50 kΩ internal
    /// pull-up) for a dry contact to GND on a short cable; <see cref="InputPull.External"/> for the
    /// opto-isolated 12-24 V NPN sensor of hardware-docs/turnstile.md, whose board has its own
    /// pull-up. An internal pull the GPIO driver cannot set stops the lane at start (exit 2).
    /// </summary>
    public InputPull RotationSensorPull { get; init; } = InputPull.Up;
    /// <summary>True when the sensor pulls the line to GND while the arm passes (contacts, NPN, the opto's transistor).</summary>
    public bool RotationSensorActiveLow { get; init; } = true;
    /// <summary>A new sensor level counts once it has held this long (the ESP32 lane's 10 ms); 0 turns the filter off.</summary>
    public int RotationSensorDebounceMs { get; init; } = 10;
    public int Green { get; init; } = 22;
    /// <summary>Red light and buzzer share this output.</summary>
    public int Red { get; init; } = 23;
    /// <summary>MFRC522 NRSTPD; -1 when the line is tied high.</summary>
    public int ReaderReset { get; init; } = 25;
    public int SpiBus { get; init; }
    public int SpiChipSelect { get; init; }
    /// <summary>A bus validator with tap-off: the exit door's MFRC522 on the same SPI bus, this chip select (CE1).</summary>
    public int ExitReaderChipSelect { get; init; } = 1;
    /// <summary>The exit door reader's NRSTPD; -1 when the line is tied high.</summary>
    public int ExitReaderReset { get; init; } = 24;
    public int SpiClockHz { get; init; } = 5_000_000;

    internal void Validate(List<string> problems)
    {
        // A pull towards the active level would read an open contact or a cut cable as the arm
        // passing, forever: the lane would count no passes and never say why.
        if (RotationSensorPull == InputPull.Up && !RotationSensorActiveLow)
        {
            problems.Add("Pins:RotationSensorPull = up needs Pins:RotationSensorActiveLow = true: a pulled-up idle line reads high");
        }
        else if (RotationSensorPull == InputPull.Down && RotationSensorActiveLow)
        {
            problems.Add("Pins:RotationSensorPull = down needs Pins:RotationSensorActiveLow = false: a pulled-down idle line reads low");
        }

        var used = new Dictionary<int, string>();
        foreach (var (name, pin) in new[]
        {
            ("Pins:Relay", Relay), ("Pins:RotationSensor", RotationSensor), ("Pins:Green", Green),
            ("Pins:Red", Red), ("Pins:ReaderReset", ReaderReset), ("Pins:ExitReaderReset", ExitReaderReset),
        })
        {
            if (pin < MinGpio)
            {
                continue;
            }

            if (used.TryGetValue(pin, out var other))
            {
                problems.Add($"{name} and {other} are both GPIO{pin}");
            }
            else
            {
                used[pin] = name;
            }

            if (SpiBus == 0 && Spi0Pins.Contains(pin))
            {
                problems.Add($"{name} = GPIO{pin} is an SPI0 line the card reader needs (GPIO7-11)");
            }
        }
    }
}
