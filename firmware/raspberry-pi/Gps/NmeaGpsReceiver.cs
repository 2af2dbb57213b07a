using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.RaspberryPi.Gps;

/// <summary>
/// The position port over a GPS receiver on a serial port (NMEA 0183, e.g. a u-blox NEO-6M on the
/// Pi's UART): Iot.Device.Nmea0183's <see cref="NmeaParser"/> reads the stream on its own thread,
/// and this keeps the last fix of its RMC and GGA sentences for the validator's loop to read at a
/// tap. A sentence saying the fix is lost (RMC status V, GGA quality "no fix", "estimated",
/// "manual" or "simulated") clears it at once; a receiver that goes quiet keeps its last fix,
/// aging, and the validator stops reporting it after BusValidatorConfig.MaxFixAgeMs.
/// </summary>
public sealed class NmeaGpsReceiver : IPositionSource, IDisposable
{
    private readonly NmeaParser _parser;
    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private bool _hasFix;
    private long _latE7;
    private long _lonE7;
    private long _fixAtMs;
    private int _sentences;
    private int _errors;

    public NmeaGpsReceiver(Stream serial, IClock clock)
    {
        _clock = clock;
        _parser = new NmeaParser("gps", serial, null);
        _parser.OnNewSequence += (_, sentence) => OnSentence(sentence);
        _parser.OnParserError += (_, _, error) =>
        {
            if (error != NmeaError.PortClosed)
            {
                Interlocked.Increment(ref _errors);
            }
        };
    }

    public bool HasFix
    {
        get
        {
            lock (_gate)
            {
                return _hasFix;
            }
        }
    }

    public long LatE7
    {
        get
        {
            lock (_gate)
            {
                return _latE7;
            }
        }
    }

    public long LonE7
    {
        get
        {
            lock (_gate)
            {
                return _lonE7;
            }
        }
    }

    public long FixAgeMs
    {
        get
        {
            lock (_gate)
            {
                return _hasFix ? _clock.UptimeMs - _fixAtMs : long.MaxValue;
            }
        }
    }

    /// <summary>RMC and GGA sentences read (with a fix or without).</summary>
    public int Sentences => Volatile.Read(ref _sentences);

    /// <summary>Lines the parser refused (bad checksum, garbage on the line).</summary>
    public int Errors => Volatile.Read(ref _errors);

    public void Start() => _parser.StartDecode();

    public void Dispose() => _parser.Dispose();

    private void OnSentence(NmeaSentence sentence)
    {
        switch (sentence)
        {
            case RecommendedMinimumNavigationInformation rmc:
                Update(rmc.Valid && rmc.Status == NavigationStatus.Valid && rmc.Position.ContainsValidPosition(),
                    rmc.Position?.Latitude ?? 0, rmc.Position?.Longitude ?? 0);
                break;
            case GlobalPositioningSystemFixData gga:
                Update(gga.Valid && gga.Status is GpsQuality.Fix or GpsQuality.DifferentialFix or GpsQuality.PpsFix
                        or GpsQuality.RealTimeKinematic or GpsQuality.FloatRtk && gga.Position.ContainsValidPosition(),
                    gga.Position?.Latitude ?? 0, gga.Position?.Longitude ?? 0);
                break;
            default:
                return;
        }
    }

    private void Update(bool fix, double latitude, double longitude)
    {
        lock (_gate)
        {
            _hasFix = fix;
            if (fix)
            {
                _latE7 = (long)Math.Round(latitude * 1e7);
                _lonE7 = (long)Math.Round(longitude * 1e7);
                _fixAtMs = _clock.UptimeMs;
            }
        }

        // Counted once the fix is in place, so whoever waits on the count sees it.
        Interlocked.Increment(ref _sentences);
    }
}
