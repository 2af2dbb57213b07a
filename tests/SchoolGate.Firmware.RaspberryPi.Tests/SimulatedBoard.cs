using System.Collections.Concurrent;
using System.Device.Gpio;
using SchoolGate.Firmware.RaspberryPi.Configuration;
using SchoolGate.Firmware.RaspberryPi.Lane;
using SchoolGate.Firmware.RaspberryPi.Tests.Gpio;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.Firmware.RaspberryPi.Tests;

/// <summary>
/// A Raspberry Pi made of memory: the simulator's GPIO chip with every output write recorded (a
/// closed pin reads Low there, so "the relay is off" must be proven by the last write, not a read),
/// and a card reader whose antenna is a queue.
/// </summary>
internal sealed class SimulatedBoard
{
    private readonly ConcurrentDictionary<int, PinValue> _lastWritten = new();
    private readonly bool _internalPulls;

    /// <param name="internalPulls">False: the lane gets a GPIO driver without pull resistors (<see cref="NoPullsGpioDriver"/>).</param>
    public SimulatedBoard(bool internalPulls = true)
    {
        _internalPulls = internalPulls;
        Driver.OutputWritten += (pin, value) => _lastWritten[pin] = value;
    }

    public SimulatedGpioDriver Driver { get; } = new();

    public VirtualCardReader Reader { get; } = new();

    /// <summary>A bus validator's exit door reader (tap-off).</summary>
    public VirtualCardReader ExitReader { get; } = new();

    /// <summary>The serial line from a bus validator's GPS receiver.</summary>
    public Gps.FakeSerialPort GpsSerial { get; } = new();

    public int HardwareOpened { get; private set; }

    /// <summary>The last value the firmware wrote to an output; null if it never wrote one.</summary>
    public PinValue? LastWritten(int pin) => _lastWritten.TryGetValue(pin, out var value) ? value : null;

    public bool IsHigh(int pin) => LastWritten(pin) == PinValue.High;

    public LaneHardware Open(LaneSettings settings, TimeProvider time, LaneLog log)
    {
        HardwareOpened++;
        var gpio = new GpioController(_internalPulls ? Driver : new NoPullsGpioDriver(Driver));
        return settings.IsBusValidator
            ? new LaneHardware(gpio, Reader, settings.Validator.TapOff ? ExitReader : null, settings.Gps.Enabled ? GpsSerial : null)
            : new LaneHardware(gpio, Reader);
    }
}
