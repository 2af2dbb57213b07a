using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>A turnstile release relay on one GPIO output (a relay module or a lock driver input).</summary>
public sealed class GpioRelay : IRelay, IDisposable
{
    private readonly int _pin;
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly PinValue _on;
    private readonly PinValue _off;

    /// <param name="activeHigh">
    /// False for a board that switches on a low input. A 5 V active-low opto board driven straight
    /// from a 3.3 V pin may never switch off (its opto LED sits between 5 V and the pin); drive it
    /// through a transistor stage and keep this true (hardware-docs/turnstile.md).
    /// </param>
    public GpioRelay(int pin, GpioController? controller = null, bool activeHigh = true, bool shouldDispose = true)
    {
        _pin = pin;
        _shouldDispose = shouldDispose || controller is null;
        _controller = controller ?? new GpioController();
        _on = activeHigh ? PinValue.High : PinValue.Low;
        _off = activeHigh ? PinValue.Low : PinValue.High;
        // Open the pin already driven to "off": a relay must never click on at boot.
        _controller.OpenPin(_pin, PinMode.Output, _off);
    }

    public bool IsOpen { get; private set; }

    public void Open()
    {
        _controller.Write(_pin, _on);
        IsOpen = true;
    }

    public void Close()
    {
        _controller.Write(_pin, _off);
        IsOpen = false;
    }

    public void Dispose()
    {
        if (_controller.IsPinOpen(_pin))
        {
            _controller.Write(_pin, _off);
            _controller.ClosePin(_pin);
        }

        if (_shouldDispose)
        {
            _controller.Dispose();
        }
    }
}
