using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Esp32.Gpio;

namespace SchoolGate.Firmware.Esp32.Tests.Gpio;

/// <summary>
/// The ESP32 app's outputs on a GPIO stub that behaves like nanoFramework's native code: Write on
/// a pin that is not an output throws, and making a pin an output drives it low first.
/// </summary>
public class GpioOutputTests
{
    private sealed class Clock : IClock
    {
        public long UptimeMs => 0;

        public long UtcNowMs => 0;
    }

    [Fact]
    public void TheStubThrowsLikeTheNativeCodeOnAWriteBeforeTheModeIsSet()
    {
        var pin = new GpioController().OpenPin(26);

        Assert.Throws<ArgumentException>(() => pin.Write(PinValue.High));
        pin.SetPinMode(PinMode.Output);
        Assert.Equal([0], pin.Levels.Cast<int>());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BootsTheRelayOffWithoutThrowing(bool activeHigh)
    {
        var gpio = new GpioController();

        var relay = new GpioRelay(gpio, 26, activeHigh);

        Assert.False(relay.IsOpen);
        Assert.Equal(activeHigh ? PinValue.Low : PinValue.High, gpio.PinAt(26).Read());
    }

    [Fact]
    public void NeverDrivesAnActiveHighRelayOnAtBoot()
    {
        var gpio = new GpioController();

        _ = new GpioRelay(gpio, 26, activeHigh: true);

        Assert.DoesNotContain(1, gpio.PinAt(26).Levels.Cast<int>());
    }

    [Fact]
    public void NeverDrivesAnActiveLowRelayOnAtBoot()
    {
        var gpio = new GpioController();

        _ = new GpioRelay(gpio, 26, activeHigh: false);

        // Released with its pull-up: the low a mode change to output drives never reaches the board.
        Assert.DoesNotContain(0, gpio.PinAt(26).Levels.Cast<int>());
        Assert.Equal(PinMode.InputPullUp, gpio.PinAt(26).GetPinMode());
        Assert.Equal(PinValue.High, gpio.PinAt(26).Read());
    }

    [Fact]
    public void DrivesAnActiveLowRelayLowOnlyWhileOpenAndReleasesItOnClose()
    {
        var gpio = new GpioController();
        var relay = new GpioRelay(gpio, 26, activeHigh: false);

        relay.Open();
        Assert.Equal(PinValue.Low, gpio.PinAt(26).Read());
        Assert.True(relay.IsOpen);
        relay.Close();

        Assert.Equal(PinMode.InputPullUp, gpio.PinAt(26).GetPinMode());
        Assert.Equal(PinValue.High, gpio.PinAt(26).Read());
        Assert.DoesNotContain(1, gpio.PinAt(26).Levels.Cast<int>());
        Assert.False(relay.IsOpen);
    }

    [Fact]
    public void OpensAndClosesTheRelayOnTheConfiguredLevel()
    {
        var gpio = new GpioController();
        var relay = new GpioRelay(gpio, 26, activeHigh: true);

        relay.Open();
        Assert.Equal(PinValue.High, gpio.PinAt(26).Read());
        relay.Close();

        Assert.Equal(PinValue.Low, gpio.PinAt(26).Read());
        Assert.False(relay.IsOpen);
    }

    [Fact]
    public void BootsTheLightsAndBuzzerDarkWithoutThrowing()
    {
        var gpio = new GpioController();

        _ = new GpioIndicator(gpio, 32, 33, new Clock());

        Assert.Equal([0], gpio.PinAt(32).Levels.Cast<int>());
        Assert.Equal([0], gpio.PinAt(33).Levels.Cast<int>());
    }
}
