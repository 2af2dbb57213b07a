using System.Text;

namespace SchoolGate.Firmware.Tests.Gps;

/// <summary>NMEA 0183 sentences as a receiver sends them.</summary>
public static class Nmea
{
    /// <summary>"$" + body + "*" + the XOR checksum + CR LF.</summary>
    public static string Sentence(string body)
    {
        var checksum = body.Aggregate(0, (x, c) => x ^ c);
        return $"${body}*{checksum:X2}\r\n";
    }

    public static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    // The NMEA 0183 examples every receiver manual quotes (checksums as published).
    public const string ClassicRmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n";
    public const string ClassicGga = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n";
}
