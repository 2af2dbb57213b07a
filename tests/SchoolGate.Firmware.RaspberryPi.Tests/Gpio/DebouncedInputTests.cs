using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gpio;

/// <summary>
/// The rotation sensor's noise filter on the real GPIO adapter and a simulated pin, sampled the way
/// the lane's loop does (every 5 ms), on a fake clock: no test waits for real time.
/// </summary>
public sealed class DebouncedInputTests : IDisposable
{
    private const int Sensor = 27;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(10);

    private readonly SimulatedGpioDriver _chip = new();
    private readonly GpioController _gpio;
    private readonly GpioDigitalInput _pin;
    private readonly FakeTimeProvider _time = new();
    private readonly DebouncedInput _sensor;

    public DebouncedInputTests()
    {
        _gpio = new GpioController(_chip);
        _pin = new GpioDigitalInput(Sensor, _gpio, activeLow: true, shouldDispose: false);
        _sensor = new DebouncedInput(_pin, _time, Debounce);
    }

    public void Dispose()
    {
        _pin.Dispose();
        _gpio.Dispose();
    }

    [Fact]
    public void IgnoresAGlitchShorterThanTheDebounce()
    {
        Assert.False(_sensor.Read());

        _chip.DriveInput(Sensor, PinValue.Low); // a 5 ms spike from the lock solenoid
        Assert.False(Sample());
        _time.Advance(Tick);
        Assert.False(Sample());
        _chip.DriveInput(Sensor, PinValue.High);
        _time.Advance(Tick);

        Assert.False(Sample());
        Assert.Equal(1, _sensor.GlitchesIgnored);
    }

    [Fact]
    public void SeesAChangeOnceItHasHeldForTheDebounce()
    {
        _chip.DriveInput(Sensor, PinValue.Low); // the arm reaches the index

        Assert.False(Sample());                 // t = 0: changing, not yet trusted
        _time.Advance(Tick);
        Assert.False(Sample());                 // t = 5 ms
        _time.Advance(Tick);
        Assert.True(Sample());                  // t = 10 ms: stable for the debounce
        Assert.Equal(0, _sensor.GlitchesIgnored);
    }

    [Fact]
    public void FiltersTheReleaseAsWellSoContactBounceIsNotASecondPass()
    {
        HoldActive();

        // The contact opens and bounces shut once before it settles open.
        _chip.DriveInput(Sensor, PinValue.High);
        Assert.True(Sample());
        _time.Advance(Tick);
        _chip.DriveInput(Sensor, PinValue.Low);
        Assert.True(Sample());
        _chip.DriveInput(Sensor, PinValue.High);
        Assert.True(Sample());                  // the 10 ms start again from here
        _time.Advance(Tick);
        Assert.True(Sample());
        _time.Advance(Tick);

        Assert.False(Sample());
        Assert.Equal(1, _sensor.GlitchesIgnored);
    }

    [Fact]
    public void ABounceDuringTheDebounceRestartsIt()
    {
        _chip.DriveInput(Sensor, PinValue.Low);
        Sample();
        _time.Advance(Tick);
        _chip.DriveInput(Sensor, PinValue.High);
        Sample();
        _chip.DriveInput(Sensor, PinValue.Low);
        Sample();
        _time.Advance(Tick);

        Assert.False(Sample());                 // 10 ms since the first edge, 5 since the last
        _time.Advance(Tick);
        Assert.True(Sample());
    }

    [Fact]
    public void PassesEveryChangeStraightThroughWithADebounceOfZero()
    {
        var unfiltered = new DebouncedInput(_pin, _time, TimeSpan.Zero);

        _chip.DriveInput(Sensor, PinValue.Low);
        Assert.True(unfiltered.Read());
        _chip.DriveInput(Sensor, PinValue.High);
        Assert.False(unfiltered.Read());
    }

    [Fact]
    public void TakesTheLevelAtStartAsSettled()
    {
        _chip.DriveInput(Sensor, PinValue.Low); // the arm happens to rest on the index at boot

        var sensor = new DebouncedInput(_pin, _time, Debounce);

        Assert.True(sensor.Read());
        Assert.Equal(0, sensor.GlitchesIgnored);
    }

    private bool Sample() => _sensor.Read();

    private void HoldActive()
    {
        _chip.DriveInput(Sensor, PinValue.Low);
        Sample();
        _time.Advance(Debounce);
        Assert.True(Sample());
    }
}
