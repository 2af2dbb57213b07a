using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// A digital input (turnstile rotation sensor, metal-detector alarm, panic button), opened exactly
/// as wired: <see cref="InputPull"/> says what holds the idle level. A dry contact or open collector
/// to GND is active low on the internal pull-up; an opto-isolated 12-24 V sensor is active low on
/// the interface board's own pull-up (<see cref="InputPull.External"/>). Reads the raw level; wrap
/// it in <see cref="DebouncedInput"/> to filter contact bounce and spikes.
/// </summary>
public sealed class GpioDigitalInput : IDigitalInput, IDisposable
{
    private readonly int _pin;
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly PinValue _active;

    /// <param name="pull">
    /// Null means the internal pull towards the idle level (up when active low, down when active
    /// high). An internal pull the driver cannot set throws <see cref="PinModeNotSupportedException"/>:
    /// System.Device.Gpio's SysFsDriver has no pulls, and its LibGpiodDriver (the one a Pi 5's RP1
    /// gets) has them only with libgpiod 1.5 or later (LibGpiodDriver.IsPinModeSupported). Falling
    /// back to a floating input would turn cable noise into rotations and "passes" nobody made.
    /// </param>
    public GpioDigitalInput(int pin, GpioController? controller = null, bool activeLow = true, bool shouldDispose = true, InputPull? pull = null)
    {
        _pin = pin;
        _shouldDispose = shouldDispose || controller is null;
        _controller = controller ?? new GpioController();
        _active = activeLow ? PinValue.Low : PinValue.High;
        Pull = pull ?? (activeLow ? InputPull.Up : InputPull.Down);
        var mode = ModeFor(Pull);
        if (!_controller.IsPinModeSupported(_pin, mode))
        {
            if (_shouldDispose)
            {
                _controller.Dispose();
            }

            throw new PinModeNotSupportedException(_pin, mode,
                $"Fit an external pull-{(Pull == InputPull.Up ? "up" : "down")} resistor (hardware-docs/turnstile.md) and set the input's pull to external.");
        }

        // PinMode.Input for an external pull: on the Pi 3/4 driver it also switches the internal
        // pull off (RaspberryPi3LinuxDriver.SetInputPullMode writes "no pull"), so only the board's
        // resistor sets the level; libgpiod leaves the line's bias as it was.
        _controller.OpenPin(_pin, mode);
    }

    public InputPull Pull { get; }

    public bool Read() => _controller.Read(_pin) == _active;

    public void Dispose()
    {
        if (_controller.IsPinOpen(_pin))
        {
            _controller.ClosePin(_pin);
        }

        if (_shouldDispose)
        {
            _controller.Dispose();
        }
    }

    public static PinMode ModeFor(InputPull pull) => pull switch
    {
        InputPull.Up => PinMode.InputPullUp,
        InputPull.Down => PinMode.InputPullDown,
        InputPull.None or InputPull.External => PinMode.Input,
        _ => throw new ArgumentOutOfRangeException(nameof(pull), pull, "not a pull setting"),
    };
}
