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
    public void AnActiveLowRelayBoardSeesTheLowLevelTheModeChangeDrivesBeforeTheIdleWrite()
    {
        // The residual pulse the wiring docs warn about: between SetPinMode and the first write.
        var gpio = new GpioController();

        _ = new GpioRelay(gpio, 26, activeHigh: false);

        Assert.Equal([0, 1], gpio.PinAt(26).Levels.Cast<int>());
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
