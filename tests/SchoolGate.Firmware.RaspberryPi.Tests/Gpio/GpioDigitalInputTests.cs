using System.Device.Gpio;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gpio;

public sealed class GpioDigitalInputTests : IDisposable
{
    private const int Sensor = 27;

    private readonly SimulatedGpioDriver _chip = new();
    private readonly GpioController _withPulls;
    private readonly GpioController _withoutPulls;

    public GpioDigitalInputTests()
    {
        _withPulls = new GpioController(_chip);
        _withoutPulls = new GpioController(new NoPullsGpioDriver(new SimulatedGpioDriver()));
    }

    public void Dispose()
    {
        _withPulls.Dispose();
        _withoutPulls.Dispose();
    }

    [Fact]
    public void RefusesAnInternalPullUpTheDriverCannotSetAndNamesThePinAndTheMode()
    {
        var error = Assert.Throws<PinModeNotSupportedException>(() =>
            new GpioDigitalInput(Sensor, _withoutPulls, activeLow: true, shouldDispose: false, InputPull.Up));

        Assert.Equal((Sensor, PinMode.InputPullUp), (error.Pin, error.Mode));
        Assert.StartsWith("GPIO27 cannot be opened as InputPullUp", error.Message);
        Assert.Contains("external pull-up resistor", error.Message);
        Assert.False(_withoutPulls.IsPinOpen(Sensor));
    }

    [Fact]
    public void RefusesTheDefaultPullRatherThanSilentlyLeavingTheLineFloating()
    {
        var error = Assert.Throws<PinModeNotSupportedException>(() =>
            new GpioDigitalInput(Sensor, _withoutPulls, activeLow: false, shouldDispose: false));

        Assert.Equal(PinMode.InputPullDown, error.Mode);
        Assert.Contains("external pull-down resistor", error.Message);
    }

    [Theory]
    [InlineData(InputPull.External)]
    [InlineData(InputPull.None)]
    public void OpensAnExternallyPulledOrDrivenLineAsAPlainInputEvenWithoutInternalPulls(InputPull pull)
    {
        using var input = new GpioDigitalInput(Sensor, _withoutPulls, activeLow: true, shouldDispose: false, pull);

        Assert.Equal(PinMode.Input, _withoutPulls.GetPinMode(Sensor));
        Assert.Equal(pull, input.Pull);
    }

    [Fact]
    public void OpensAnExternallyPulledSensorAsAPlainInputOnABoardThatHasPullsToo()
    {
        using var input = new GpioDigitalInput(Sensor, _withPulls, activeLow: true, shouldDispose: false, InputPull.External);

        Assert.Equal(PinMode.Input, _withPulls.GetPinMode(Sensor));
    }

    [Fact]
    public void UsesTheInternalPullUpForADryContactAndReadsItActiveLow()
    {
        using var input = new GpioDigitalInput(Sensor, _withPulls, activeLow: true, shouldDispose: false);

        Assert.Equal((PinMode.InputPullUp, InputPull.Up), (_withPulls.GetPinMode(Sensor), input.Pull));
        Assert.False(input.Read());
        _chip.DriveInput(Sensor, PinValue.Low);
        Assert.True(input.Read());
    }

    [Fact]
    public void ReleasesThePinOnDispose()
    {
        new GpioDigitalInput(Sensor, _withPulls, shouldDispose: false).Dispose();

        Assert.False(_withPulls.IsPinOpen(Sensor));
    }
}
