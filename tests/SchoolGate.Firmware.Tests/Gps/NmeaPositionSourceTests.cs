using SchoolGate.Firmware.Core.Gps;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Gps;

public class NmeaPositionSourceTests
{
    [Fact]
    public void HasNoFixBeforeTheFirstSentence()
    {
        var gps = new NmeaPositionSource(new FakeClock());

        Assert.False(gps.HasFix);
        Assert.Equal(long.MaxValue, gps.FixAgeMs);
    }

    [Fact]
    public void KeepsTheLastFixAndItsAge()
    {
        var clock = new FakeClock();
        var gps = new NmeaPositionSource(clock);
        var bytes = Nmea.Bytes(Nmea.ClassicRmc);

        gps.Feed(bytes, 0, bytes.Length);
        clock.Advance(1_500);

        Assert.True(gps.HasFix);
        Assert.Equal(481_173_000, gps.LatE7);
        Assert.Equal(115_166_667, gps.LonE7);
        Assert.Equal(1_500, gps.FixAgeMs);
    }

    [Fact]
    public void ALostFixClearsThePositionAtOnce()
    {
        var gps = new NmeaPositionSource(new FakeClock());
        var bytes = Nmea.Bytes(Nmea.ClassicRmc + Nmea.Sentence("GPRMC,123520,V,,,,,,,230394,,"));

        gps.Feed(bytes, 0, bytes.Length);

        Assert.False(gps.HasFix);
    }

    [Fact]
    public void ABadSentenceLeavesTheLastFixAlone()
    {
        var gps = new NmeaPositionSource(new FakeClock());
        var bytes = Nmea.Bytes(Nmea.ClassicRmc + "$GPRMC,123520,V,,,,,,,230394,,*00\r\n");

        gps.Feed(bytes, 0, bytes.Length);

        Assert.True(gps.HasFix);
        Assert.Equal(1, gps.Decoder.BadSentences);
    }

    [Fact]
    public void TheValidatorReportsTheFixTheReceiverSent()
    {
        var bus = new Validator(withGps: false);
        var gps = new NmeaPositionSource(bus.Clock);
        var controller = new Core.BusValidator.BusValidatorController(bus.Config, bus.Boarding, null, bus.Indicator, gps, bus.Clock,
            new MemoryStorage(), bus.Link);
        var bytes = Nmea.Bytes(Nmea.Sentence("GNRMC,083559.00,A,3352.1234,S,15112.5678,E,0.004,77.52,091202,,,A"));
        gps.Feed(bytes, 0, bytes.Length);

        bus.Boarding.Present("04A1B2C3");
        controller.Loop();

        var e = Assert.Single(bus.Link.Events);
        Assert.True(e.HasFix);
        Assert.Equal(-338_687_233, e.LatE7);
        Assert.Equal(1_512_094_633, e.LonE7);
    }
}
