using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// A dry-contact or open-collector input (turnstile rotation sensor, metal-detector alarm, panic
/// button). Such contacts pull the line to ground, so the default is an internal pull-up, active low.
/// </summary>
public sealed class GpioDigitalInput : IDigitalInput, IDisposable
{
    private readonly int _pin;
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly PinValue _active;

    public GpioDigitalInput(int pin, GpioController? controller = null, bool activeLow = true, bool shouldDispose = true)
    {
        _pin = pin;
        _shouldDispose = shouldDispose || controller is null;
        _controller = controller ?? new GpioController();
        _active = activeLow ? PinValue.Low : PinValue.High;
        var mode = activeLow ? PinMode.InputPullUp : PinMode.InputPullDown;
        _controller.OpenPin(_pin, _controller.IsPinModeSupported(_pin, mode) ? mode : PinMode.Input);
    }

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
}
