using Microsoft.Extensions.Time.Testing;
using SchoolGate.Firmware.Core.Gps;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.Simulator.Tests.Devices;

/// <summary>The simulated receiver speaks NMEA the firmware's real decoder reads back to the scripted route.</summary>
public class SimulatedGpsTests
{
    private static readonly GeoPoint School = GeoPoint.FromDegrees(43.2380, 76.8829);
    private static readonly GeoPoint Stop = GeoPoint.FromDegrees(43.2567, 76.9286);
    private static readonly GeoPoint BuenosAires = GeoPoint.FromDegrees(-34.6033333, -58.3816667);

    [Fact]
    public void TheBusDrivesFromStopToStopAndWaitsAtTheLast()
    {
        var time = new FakeTimeProvider();
        var gps = new SimulatedGps([School, Stop], TimeSpan.FromMinutes(2), time);

        Assert.Equal(School, gps.Position);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new GeoPoint((School.LatE7 + Stop.LatE7) / 2, (School.LonE7 + Stop.LonE7) / 2), gps.Position);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(Stop, gps.Position);
    }

    [Theory]
    [MemberData(nameof(Places))]
    public void TheFirmwaresDecoderReadsItsSentencesBackToTheSamePoint(GeoPoint place)
    {
        var gps = new SimulatedGps([place], TimeSpan.FromMinutes(1), new FakeTimeProvider());
        var decoder = new NmeaDecoder();
        var sentence = gps.Sentence();

        Assert.Equal(NmeaDecoder.Fix, decoder.Feed(sentence, 0, sentence.Length));

        // Five decimals of a minute are 1/6,000,000 of a degree: within 1e-7 degrees after rounding.
        Assert.InRange(decoder.LatE7 - place.LatE7, -1, 1);
        Assert.InRange(decoder.LonE7 - place.LonE7, -1, 1);
        Assert.Equal(0, decoder.BadSentences);
    }

    public static TheoryData<GeoPoint> Places => [School, BuenosAires, new GeoPoint(0, 0), new GeoPoint(-899_999_999, 1_799_999_999)];

    [Fact]
    public void InATunnelTheReceiverReportsNoFix()
    {
        var gps = new SimulatedGps([School], TimeSpan.FromMinutes(1), new FakeTimeProvider()) { SignalLost = true };
        var decoder = new NmeaDecoder();
        var sentence = gps.Sentence();

        Assert.Equal(NmeaDecoder.NoFix, decoder.Feed(sentence, 0, sentence.Length));
    }
}
