using SchoolGate.Firmware.Core.Gps;

namespace SchoolGate.Firmware.Tests.Gps;

public class NmeaDecoderTests
{
    [Theory]
    [InlineData(Nmea.ClassicRmc)]
    [InlineData(Nmea.ClassicGga)]
    public void ReadsTheFixOfAValidSentenceInTenMillionthsOfADegree(string sentence)
    {
        var decoder = new NmeaDecoder();

        Assert.Equal(NmeaDecoder.Fix, decoder.Feed(Nmea.Bytes(sentence), 0, sentence.Length));

        // 48 deg 07.038 min = 48.1173 deg; 11 deg 31.000 min = 11.5166667 deg (rounded to 1e-7).
        Assert.Equal(481_173_000, decoder.LatE7);
        Assert.Equal(115_166_667, decoder.LonE7);
        Assert.Equal(1, decoder.Sentences);
        Assert.Equal(0, decoder.BadSentences);
    }

    [Theory]
    [InlineData("GNRMC,083559.00,A,3352.1234,S,15112.5678,E,0.004,77.52,091202,,,A", -338_687_233, 1_512_094_633)]
    [InlineData("GPRMC,120000,A,3436.2000,S,05822.9000,W,0.0,0.0,010125,,,D", -346_033_333, -583_816_667)]
    [InlineData("GPGGA,120000,4042.7720,N,07400.3600,W,1,07,1.1,10.0,M,-34.0,M,,", 407_128_667, -740_060_000)]
    [InlineData("GPRMC,120000,A,0000.0000,N,00000.0000,E,0.0,0.0,010125,,", 0, 0)]
    [InlineData("GPRMC,120000,A,9000.0000,S,18000.0000,W,0.0,0.0,010125,,", -900_000_000, -1_800_000_000)]
    [InlineData("GPRMC,120000,A,4314.2800,N,07652.974123456,E,0.0,0.0,010125,,", 432_380_000, 768_829_021)]
    public void SouthernAndWesternHemispheresAreNegative(string body, long latE7, long lonE7)
    {
        var decoder = new NmeaDecoder();
        var sentence = Nmea.Sentence(body);

        Assert.Equal(NmeaDecoder.Fix, decoder.Feed(Nmea.Bytes(sentence), 0, sentence.Length));

        Assert.Equal(latE7, decoder.LatE7);
        Assert.Equal(lonE7, decoder.LonE7);
    }

    [Theory]
    [InlineData("GPRMC,123519,V,,,,,,,230394,,")]
    [InlineData("GPRMC,123519,V,4807.038,N,01131.000,E,,,230394,,")]
    [InlineData("GNRMC,123519,A,4807.038,N,01131.000,E,,,230394,,,N")]
    [InlineData("GPGGA,123519,,,,,0,00,99.9,,M,,M,,")]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,6,04,2.0,545.4,M,46.9,M,,")]
    public void AVoidFixSaysNoFix(string body)
    {
        var decoder = new NmeaDecoder();
        var sentence = Nmea.Sentence(body);

        Assert.Equal(NmeaDecoder.NoFix, decoder.Feed(Nmea.Bytes(sentence), 0, sentence.Length));
        Assert.Equal(0, decoder.BadSentences);
    }

    [Theory]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6B\r\n")]
    [InlineData("$GPRMC,123519,A,4807.039,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n")]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W\r\n")]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6\r\n")]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6AX\r\n")]
    [InlineData("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*ZZ\r\n")]
    public void ABadOrMissingChecksumIsCountedAndIgnored(string sentence)
    {
        var decoder = new NmeaDecoder();

        Assert.Equal(NmeaDecoder.Nothing, decoder.Feed(Nmea.Bytes(sentence), 0, sentence.Length));

        Assert.Equal(1, decoder.BadSentences);
        Assert.Equal(0, decoder.Sentences);
    }

    [Theory]
    [InlineData("GPRMC,123519,A,4807.038,X,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,807.038,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,4867.038,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,9100.000,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,4807.0-8,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,,,,,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,Q,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W")]
    [InlineData("GPRMC,123519,A,4807.038,N")]
    [InlineData("GPGGA,123519,4807.038,N,01131.000,E,,08,0.9,545.4,M,46.9,M,,")]
    public void UnreadableFieldsMakeTheSentenceBad(string body)
    {
        var decoder = new NmeaDecoder();
        var sentence = Nmea.Sentence(body);

        Assert.Equal(NmeaDecoder.Nothing, decoder.Feed(Nmea.Bytes(sentence), 0, sentence.Length));
        Assert.Equal(1, decoder.BadSentences);
    }

    [Fact]
    public void OtherSentencesAreSkippedWithoutComplaint()
    {
        var decoder = new NmeaDecoder();
        var text = Nmea.Sentence("GPGSV,3,1,11,03,03,111,00,04,15,270,00,06,01,010,00,13,06,292,00")
            + Nmea.Sentence("GPVTG,054.7,T,034.4,M,005.5,N,010.2,K") + Nmea.Sentence("PUBX,00,081350.00,4717.113210,N");

        Assert.Equal(NmeaDecoder.Nothing, decoder.Feed(Nmea.Bytes(text), 0, text.Length));

        Assert.Equal(3, decoder.OtherSentences);
        Assert.Equal(0, decoder.BadSentences);
    }

    [Fact]
    public void ASentenceSplitAcrossReadsIsReadWhole()
    {
        var decoder = new NmeaDecoder();
        var bytes = Nmea.Bytes(Nmea.ClassicRmc);
        var results = new List<int>();

        foreach (var b in bytes)
        {
            results.Add(decoder.Feed(b));
        }

        Assert.Equal(NmeaDecoder.Fix, results[^2]);
        Assert.Equal(1, results.Count(r => r != NmeaDecoder.Nothing));
    }

    [Fact]
    public void ASentenceCutOffByTheNextOneIsBadAndTheNextOneIsRead()
    {
        var decoder = new NmeaDecoder();
        var text = "$GPRMC,123519,A,4807.0" + Nmea.ClassicGga;

        Assert.Equal(NmeaDecoder.Fix, decoder.Feed(Nmea.Bytes(text), 0, text.Length));
        Assert.Equal(1, decoder.BadSentences);
    }

    [Fact]
    public void NoiseAndOverlongLinesNeverThrowAndDoNotHideTheNextSentence()
    {
        var decoder = new NmeaDecoder();
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        var overlong = Nmea.Bytes("$GPRMC," + new string('1', 200) + "\r\n");

        decoder.Feed(noise, 0, noise.Length);
        decoder.Feed(overlong, 0, overlong.Length);
        var good = Nmea.Bytes("\r\n" + Nmea.ClassicRmc);

        Assert.Equal(NmeaDecoder.Fix, decoder.Feed(good, 0, good.Length));
        Assert.Equal(481_173_000, decoder.LatE7);
        Assert.True(decoder.BadSentences >= 1);
    }
}
