using System.Device.Gpio;
using SchoolGate.Firmware.Core.Lights;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// A lane's lights on two GPIO outputs (green, and red sharing its line with the buzzer), showing
/// the core's <see cref="LightPattern"/>. Blinking never blocks: <see cref="Tick"/> is called from
/// the device loop.
/// </summary>
public sealed class GpioIndicator : IIndicator, IDisposable
{
    private readonly int _greenPin;
    private readonly int _redPin;
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly LightPattern _pattern = new();
    private bool _green;
    private bool _red;

    public GpioIndicator(int greenPin, int redPin, GpioController? controller = null, bool shouldDispose = true, TimeProvider? time = null)
    {
        if (greenPin == redPin)
        {
            throw new ArgumentException($"Green and red need two different pins (both are GPIO{greenPin}).", nameof(redPin));
        }

        _greenPin = greenPin;
        _redPin = redPin;
        _shouldDispose = shouldDispose || controller is null;
        _controller = controller ?? new GpioController();
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        // Opened already driven low: the buzzer must not chirp when the service starts.
        _controller.OpenPin(_greenPin, PinMode.Output, PinValue.Low);
        _controller.OpenPin(_redPin, PinMode.Output, PinValue.Low);
    }

    /// <summary>The <see cref="IndicatorSignal"/> last shown.</summary>
    public int Signal => _pattern.Signal;

    public void Show(int signal)
    {
        _pattern.Show(signal, NowMs);
        Drive();
    }

    /// <summary>Advances the offline blink; cheap to call every loop (writes only on a change).</summary>
    public void Tick()
    {
        _pattern.Tick(NowMs);
        Drive();
    }

    public void Dispose()
    {
        foreach (var pin in new[] { _greenPin, _redPin })
        {
            if (_controller.IsPinOpen(pin))
            {
                _controller.Write(pin, PinValue.Low);
                _controller.ClosePin(pin);
            }
        }

        if (_shouldDispose)
        {
            _controller.Dispose();
        }
    }

    private long NowMs => (long)_time.GetElapsedTime(_start).TotalMilliseconds;

    private void Drive()
    {
        if (_pattern.Green != _green)
        {
            _controller.Write(_greenPin, _pattern.Green ? PinValue.High : PinValue.Low);
            _green = _pattern.Green;
        }

        if (_pattern.Red != _red)
        {
            _controller.Write(_redPin, _pattern.Red ? PinValue.High : PinValue.Low);
            _red = _pattern.Red;
        }
    }
}
