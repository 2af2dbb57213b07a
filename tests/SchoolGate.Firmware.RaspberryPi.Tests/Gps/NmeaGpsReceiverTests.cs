using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.RaspberryPi.Gps;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gps;

/// <summary>The Pi's GPS adapter: real NMEA 0183 sentences through Iot.Device.Nmea0183 over a serial stream.</summary>
public sealed class NmeaGpsReceiverTests : IDisposable
{
    // The NMEA 0183 examples receiver manuals quote, checksums as published; and a receiver
    // south of the equator and west of Greenwich (Buenos Aires), and one that lost its fix.
    private const string Rmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n";
    private const string Gga = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n";
    private const string SouthWestRmc = "$GPRMC,120000,A,3436.2000,S,05822.9000,W,0.0,0.0,010125,,,D*7A\r\n";
    private const string VoidRmc = "$GPRMC,123520,V,,,,,,,230394,,,N*5B\r\n";
    private const string NoFixGga = "$GPGGA,123520,,,,,0,00,99.9,,M,,M,,*76\r\n";

    private readonly FakeSerialPort _serial = new();
    private readonly NmeaGpsReceiver _gps;

    public NmeaGpsReceiverTests()
    {
        _gps = new NmeaGpsReceiver(_serial, new SystemClock(TimeProvider.System));
        _gps.Start();
    }

    public void Dispose() => _gps.Dispose();

    [Theory]
    [InlineData(Rmc)]
    [InlineData(Gga)]
    public async Task ReadsTheFixOfARealSentence(string sentence)
    {
        _serial.Send(sentence);

        await Eventually.TrueAsync(() => _gps.Sentences == 1, "the sentence to be parsed");
        Assert.True(_gps.HasFix);
        Assert.Equal(481_173_000, _gps.LatE7);
        Assert.Equal(115_166_667, _gps.LonE7);
        Assert.InRange(_gps.FixAgeMs, 0, 10_000);
    }

    [Fact]
    public async Task SouthAndWestAreNegative()
    {
        _serial.Send(SouthWestRmc);

        await Eventually.TrueAsync(() => _gps.Sentences == 1, "the sentence to be parsed");
        Assert.Equal((-346_033_333, -583_816_667), (_gps.LatE7, _gps.LonE7));
    }

    [Theory]
    [InlineData(VoidRmc)]
    [InlineData(NoFixGga)]
    public async Task ALostFixIsNotAPosition(string lost)
    {
        _serial.Send(Rmc);
        await Eventually.TrueAsync(() => _gps.Sentences == 1, "the fix");

        _serial.Send(lost);

        await Eventually.TrueAsync(() => _gps.Sentences == 2, "the lost fix");
        Assert.False(_gps.HasFix);
        Assert.Equal(long.MaxValue, _gps.FixAgeMs);
    }

    [Fact]
    public async Task ASentenceWithABadChecksumIsCountedAndChangesNothing()
    {
        _serial.Send(Rmc.Replace("*6A", "*6B", StringComparison.Ordinal) + SouthWestRmc);

        await Eventually.TrueAsync(() => _gps.Sentences == 1, "the good sentence after the bad one");
        Assert.Equal(1, _gps.Errors);
        Assert.Equal(-346_033_333, _gps.LatE7);
    }

    [Fact]
    public async Task ASentenceSplitAcrossUartReadsIsReadWhole()
    {
        _serial.Send(Rmc[..20]);
        _serial.Send(Rmc[20..]);

        await Eventually.TrueAsync(() => _gps.Sentences == 1, "the sentence to be parsed");
        Assert.True(_gps.HasFix);
    }
}
