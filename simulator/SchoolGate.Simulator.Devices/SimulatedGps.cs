using System.Globalization;
using System.Text;

namespace SchoolGate.Simulator.Devices;

/// <summary>A point on the map in 1e-7 degrees (north and east positive), the protocol's unit.</summary>
public readonly record struct GeoPoint(long LatE7, long LonE7)
{
    public static GeoPoint FromDegrees(double lat, double lon) => new((long)Math.Round(lat * 1e7), (long)Math.Round(lon * 1e7));
}

/// <summary>
/// A GPS receiver on a bus that drives a scripted route: it speaks NMEA 0183 (one RMC sentence per
/// second, as a u-blox or MediaTek module does by default), so the validator's real decoder reads
/// it. The bus runs from stop to stop in <c>legTime</c> each, in a straight line, and waits at the
/// last stop. <see cref="SignalLost"/> is a tunnel: the receiver reports a void fix.
/// </summary>
public sealed class SimulatedGps
{
    private readonly IReadOnlyList<GeoPoint> _route;
    private readonly TimeSpan _legTime;
    private readonly TimeProvider _time;
    private readonly long _start;
    private volatile bool _signalLost;

    public SimulatedGps(IReadOnlyList<GeoPoint> route, TimeSpan legTime, TimeProvider time)
    {
        if (route.Count == 0)
        {
            throw new ArgumentException("A route needs at least one point.", nameof(route));
        }

        if (legTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(legTime), "Each leg takes some time.");
        }

        _route = route;
        _legTime = legTime;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>No satellites (a tunnel, a depot): the receiver still talks, with status V.</summary>
    public bool SignalLost
    {
        get => _signalLost;
        set => _signalLost = value;
    }

    /// <summary>Where the bus is now on its route.</summary>
    public GeoPoint Position
    {
        get
        {
            var legs = _time.GetElapsedTime(_start) / _legTime;
            if (legs >= _route.Count - 1)
            {
                return _route[^1];
            }

            var leg = (int)legs;
            var part = legs - leg;
            var (from, to) = (_route[leg], _route[leg + 1]);
            return new GeoPoint(from.LatE7 + (long)Math.Round((to.LatE7 - from.LatE7) * part),
                from.LonE7 + (long)Math.Round((to.LonE7 - from.LonE7) * part));
        }
    }

    /// <summary>The RMC sentence the receiver sends now, with checksum and CR LF.</summary>
    public byte[] Sentence()
    {
        var utc = _time.GetUtcNow();
        var time = utc.ToString("HHmmss.ff", CultureInfo.InvariantCulture);
        var date = utc.ToString("ddMMyy", CultureInfo.InvariantCulture);
        var body = _signalLost
            ? $"GPRMC,{time},V,,,,,,,{date},,,N"
            : $"GPRMC,{time},A,{Coordinate(Position.LatE7, 2, 'N', 'S')},{Coordinate(Position.LonE7, 3, 'E', 'W')},0.0,0.0,{date},,,A";
        var checksum = body.Aggregate(0, (x, c) => x ^ c);
        return Encoding.ASCII.GetBytes($"${body}*{checksum:X2}\r\n");
    }

    // 1e-7 degrees to "ddmm.mmmmm" and its hemisphere: five decimals of a minute are ~2 cm, and
    // the validator reads the position back to within 1e-7 degrees.
    private static string Coordinate(long e7, int degreeDigits, char positive, char negative)
    {
        var abs = Math.Abs(e7);
        var degrees = abs / 10_000_000;
        var minutesE5 = (abs % 10_000_000 * 60 + 50) / 100;
        var whole = minutesE5 / 100_000;
        var fraction = minutesE5 % 100_000;
        var text = degrees.ToString(CultureInfo.InvariantCulture).PadLeft(degreeDigits, '0')
            + whole.ToString("00", CultureInfo.InvariantCulture) + "." + fraction.ToString("00000", CultureInfo.InvariantCulture);
        return text + "," + (e7 < 0 ? negative : positive);
    }
}
