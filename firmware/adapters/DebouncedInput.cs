using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// A sample-based noise filter for an input the core polls every loop step: a new level counts
/// only once every sample has shown it for at least <c>stableFor</c>; a level that flips back
/// sooner is a glitch and is ignored (counted in <see cref="GlitchesIgnored"/>). The ESP32 lane
/// gets the same 10 ms default from nanoFramework's native <c>GpioPin.DebounceTimeout</c>
/// (firmware/esp32/app/Gpio/GpioInput.cs); System.Device.Gpio on the Pi offers no debounce. A
/// micro-switch or reed contact bounces for a few ms (most under 10 ms in J. Ganssle's "A Guide to
/// Debouncing"), and the lock solenoid and motor put spikes on a long sensor cable. The RC filter
/// on the interface board (hardware-docs/turnstile.md) takes the microsecond spikes; this takes the rest.
/// </summary>
/// <remarks>
/// Time comes from the <see cref="TimeProvider"/> (a fake one in tests), never the wall clock.
/// The filter only judges the samples it is given, so the loop tick must be well below both
/// <c>stableFor</c> and the sensor's shortest real pulse: with the Pi's 5 ms tick and 10 ms, a
/// change is accepted on the 3rd sample that shows it (10-15 ms late), and a real pulse must last
/// at least 15-20 ms; a turnstile's index contact closes for tens of ms while the arm passes.
/// </remarks>
public sealed class DebouncedInput : IDigitalInput
{
    private readonly IDigitalInput _input;
    private readonly TimeProvider _time;
    private readonly TimeSpan _stableFor;
    private bool _level;
    private long _changedAt;
    private bool _changing;

    /// <summary>Takes the level at construction as settled: the core reads it as the boot level.</summary>
    public DebouncedInput(IDigitalInput input, TimeProvider time, TimeSpan stableFor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stableFor, TimeSpan.Zero);
        _input = input;
        _time = time;
        _stableFor = stableFor;
        _level = input.Read();
    }

    /// <summary>Level changes seen and then withdrawn before they were stable: a noisy line shows here.</summary>
    public long GlitchesIgnored { get; private set; }

    public bool Read()
    {
        var raw = _input.Read();
        if (raw == _level)
        {
            if (_changing)
            {
                _changing = false;
                GlitchesIgnored++;
            }

            return _level;
        }

        var now = _time.GetTimestamp();
        if (!_changing)
        {
            _changing = true;
            _changedAt = now;
        }

        if (_time.GetElapsedTime(_changedAt, now) >= _stableFor)
        {
            _level = raw;
            _changing = false;
        }

        return _level;
    }
}
