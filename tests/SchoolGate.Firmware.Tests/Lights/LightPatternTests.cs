using SchoolGate.Firmware.Core.Lights;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Lights;

public sealed class LightPatternTests
{
    [Theory]
    [InlineData(IndicatorSignal.Granted, true, false)]
    [InlineData(IndicatorSignal.Refused, false, true)]
    [InlineData(IndicatorSignal.Idle, false, false)]
    [InlineData(99, false, false)]
    public void ShowsEachSignalOnItsLights(int signal, bool green, bool red)
    {
        var pattern = new LightPattern();
        pattern.Show(IndicatorSignal.Refused, 0);

        pattern.Show(signal, 10);

        Assert.Equal((green, red), (pattern.Green, pattern.Red));
    }

    [Fact]
    public void FlashesGreenFromTheMomentTheLaneWentOfflineWithoutEverLightingRed()
    {
        var pattern = new LightPattern();
        pattern.Show(IndicatorSignal.Offline, 5_000);
        var green = new List<bool>();

        for (long t = 5_000; t < 5_000 + 2 * LightPattern.OfflinePeriodMs; t += 50)
        {
            pattern.Tick(t);
            green.Add(pattern.Green);
            Assert.False(pattern.Red);
        }

        // 100 ms on out of every 2 s, sampled every 50 ms: two samples lit per period.
        Assert.Equal([true, true], green.Take(2));
        Assert.Equal(4, green.Count(on => on));
        Assert.True(green[40] && green[41]);
    }

    [Fact]
    public void TickLeavesAStaticSignalAlone()
    {
        var pattern = new LightPattern();
        pattern.Show(IndicatorSignal.Granted, 0);

        pattern.Tick(3_000);

        Assert.True(pattern.Green);
        Assert.Equal(IndicatorSignal.Granted, pattern.Signal);
    }
}
