using System.Device.Gpio;
using Microsoft.Extensions.Time.Testing;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Indicator;

public sealed class GpioIndicatorTests : IDisposable
{
    private const int Green = 22;
    private const int Red = 23;

    private readonly SimulatedBoard _board = new();
    private readonly FakeTimeProvider _time = new();
    private readonly GpioController _gpio;
    private readonly GpioIndicator _indicator;

    public GpioIndicatorTests()
    {
        _gpio = new GpioController(_board.Driver);
        _indicator = new GpioIndicator(Green, Red, _gpio, shouldDispose: false, _time);
    }

    public void Dispose()
    {
        _indicator.Dispose();
        _gpio.Dispose();
    }

    [Fact]
    public void OpensBothPinsAsLowOutputs()
    {
        Assert.Equal(PinMode.Output, _gpio.GetPinMode(Green));
        Assert.Equal(PinMode.Output, _gpio.GetPinMode(Red));
        Assert.Equal(PinValue.Low, _gpio.Read(Green));
        Assert.Equal(PinValue.Low, _gpio.Read(Red));
    }

    [Theory]
    [InlineData(IndicatorSignal.Granted, IndicatorSignal.Refused, 1, 0)] // green only
    [InlineData(IndicatorSignal.Refused, IndicatorSignal.Granted, 0, 1)] // red and buzzer only
    public void ShowsEachVerdictOnItsOwnLightAndSwitchesTheOtherOff(int signal, int before, int green, int red)
    {
        _indicator.Show(before);
        _indicator.Show(signal);

        Assert.Equal((PinValue)green, _gpio.Read(Green));
        Assert.Equal((PinValue)red, _gpio.Read(Red));
    }

    [Theory]
    [InlineData(IndicatorSignal.Granted)]
    [InlineData(IndicatorSignal.Refused)]
    public void GoesDarkWhenIdleAgain(int before)
    {
        _indicator.Show(before);
        _indicator.Show(IndicatorSignal.Idle);

        Assert.Equal(PinValue.Low, _gpio.Read(Green));
        Assert.Equal(PinValue.Low, _gpio.Read(Red));
    }

    [Fact]
    public void TreatsAnUnknownSignalAsIdle()
    {
        _indicator.Show(IndicatorSignal.Refused);
        _indicator.Show(42);

        Assert.Equal(IndicatorSignal.Idle, _indicator.Signal);
        Assert.Equal(PinValue.Low, _gpio.Read(Red));
    }

    [Fact]
    public void FlashesGreenWhileOfflineWithoutEverSoundingTheBuzzer()
    {
        var redWrites = 0;
        _board.Driver.OutputWritten += (pin, value) => redWrites += pin == Red && value == PinValue.High ? 1 : 0;

        _indicator.Show(IndicatorSignal.Offline);
        var seen = new List<PinValue>();
        for (var ms = 0; ms <= 4100; ms += 50)
        {
            _indicator.Tick();
            seen.Add(_gpio.Read(Green));
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }

        // 100 ms on every 2 s, sampled every 50 ms: on at 0 and 50 ms of each period (t=0, 2000, 4000).
        Assert.Equal(6, seen.Count(v => v == PinValue.High));
        Assert.Equal(PinValue.High, seen[0]);
        Assert.Equal(PinValue.Low, seen[2]);
        Assert.Equal(PinValue.High, seen[40]);
        Assert.Equal(0, redWrites);
    }

    [Fact]
    public void TickLeavesAStaticSignalAlone()
    {
        _indicator.Show(IndicatorSignal.Granted);
        _time.Advance(TimeSpan.FromSeconds(3));
        _indicator.Tick();

        Assert.Equal(PinValue.High, _gpio.Read(Green));
    }

    [Fact]
    public void WritesAPinOnlyWhenItsValueChanges()
    {
        var writes = 0;
        _board.Driver.OutputWritten += (_, _) => writes++;

        _indicator.Show(IndicatorSignal.Granted);
        _indicator.Show(IndicatorSignal.Granted);
        _indicator.Tick();

        Assert.Equal(1, writes);
    }

    [Fact]
    public void SwitchesBothLightsOffAndReleasesThePinsWhenDisposed()
    {
        _indicator.Show(IndicatorSignal.Refused);
        _indicator.Dispose();

        Assert.Equal(PinValue.Low, _board.LastWritten(Red));
        Assert.False(_gpio.IsPinOpen(Green));
        Assert.False(_gpio.IsPinOpen(Red));
    }

    [Fact]
    public void RefusesOnePinForBothLights()
    {
        var error = Assert.Throws<ArgumentException>(() => new GpioIndicator(5, 5, _gpio, shouldDispose: false, _time));

        Assert.Contains("GPIO5", error.Message);
    }
}
