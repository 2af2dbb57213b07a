using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// A lane's lights on two GPIO outputs: a green light and a red light that shares its line with
/// the buzzer (hardware-docs/turnstile.md). Granted = green, Refused = red + buzzer, Idle = dark.
/// Offline = a short green flash every <see cref="OfflinePeriod"/>: red would sound the buzzer on
/// every blink, and a lane that runs from its offline list still serves children, so it must not
/// look like a refusal. Blinking never blocks: <see cref="Tick"/> is called from the device loop.
/// </summary>
public sealed class GpioIndicator : IIndicator, IDisposable
{
    public static readonly TimeSpan OfflineFlash = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan OfflinePeriod = TimeSpan.FromSeconds(2);

    private readonly int _greenPin;
    private readonly int _redPin;
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly TimeProvider _time;
    private int _signal = IndicatorSignal.Idle;
    private long _offlineSince;
    private PinValue _green = PinValue.Low;
    private PinValue _red = PinValue.Low;

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
        // Opened already driven low: the buzzer must not chirp when the service starts.
        _controller.OpenPin(_greenPin, PinMode.Output, PinValue.Low);
        _controller.OpenPin(_redPin, PinMode.Output, PinValue.Low);
    }

    /// <summary>The <see cref="IndicatorSignal"/> last shown.</summary>
    public int Signal => _signal;

    public void Show(int signal)
    {
        _signal = signal;
        switch (signal)
        {
            case IndicatorSignal.Granted:
                Drive(PinValue.High, PinValue.Low);
                break;
            case IndicatorSignal.Refused:
                Drive(PinValue.Low, PinValue.High);
                break;
            case IndicatorSignal.Offline:
                _offlineSince = _time.GetTimestamp();
                Drive(PinValue.High, PinValue.Low);
                break;
            default:
                // Idle, and any signal a newer core may add: dark is the safe reading.
                _signal = IndicatorSignal.Idle;
                Drive(PinValue.Low, PinValue.Low);
                break;
        }
    }

    /// <summary>Advances the offline blink; cheap to call every loop (writes only on a change).</summary>
    public void Tick()
    {
        if (_signal != IndicatorSignal.Offline)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(_offlineSince);
        var phase = TimeSpan.FromTicks(elapsed.Ticks % OfflinePeriod.Ticks);
        Drive(phase < OfflineFlash ? PinValue.High : PinValue.Low, PinValue.Low);
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

    private void Drive(PinValue green, PinValue red)
    {
        if (green != _green)
        {
            _controller.Write(_greenPin, green);
            _green = green;
        }

        if (red != _red)
        {
            _controller.Write(_redPin, red);
            _red = red;
        }
    }
}
