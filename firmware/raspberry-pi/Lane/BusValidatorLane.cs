using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.RaspberryPi.Configuration;
using SchoolGate.Firmware.RaspberryPi.Gps;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// A bus validator on a Raspberry Pi (settings Role = bus-validator): the firmware core's
/// <see cref="BusValidatorController"/> on the MFRC522 reader(s), the green light (with the beep
/// of hardware-docs/bus-validator.md), an NMEA 0183 GPS receiver read by Iot.Device.Nmea0183,
/// file storage and the device SDK's MQTT connection, run by a <see cref="DeviceLoop"/>. It takes
/// taps from boot whether or not there is coverage, and the journal delivers them later.
/// </summary>
public sealed class BusValidatorLane : ILane
{
    public const string Firmware = TurnstileLane.Firmware;

    private readonly LaneSettings _settings;
    private readonly LaneLog _log;
    private readonly GpioIndicator _indicator;
    private readonly NmeaGpsReceiver? _gps;
    private readonly LaneConnection _gateway;
    private readonly DeviceLoop _loop;
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    private BusValidatorLane(LaneSettings settings, LaneHardware hardware, TimeProvider time, LaneLog log)
    {
        _settings = settings;
        _log = log;
        var v = settings.Validator;
        var config = new BusValidatorConfig
        {
            DeviceId = settings.DeviceId,
            Firmware = Firmware,
            Route = v.Route,
            Vehicle = v.Vehicle,
            TapOff = v.TapOff,
            DedupeWindowMs = v.DedupeWindowMs,
            AcceptSignalMs = v.AcceptSignalMs,
            MaxFixAgeMs = v.MaxFixAgeMs,
            ResendAfterMs = settings.Timings.ResendAfterMs,
            HeartbeatEveryMs = settings.Timings.HeartbeatEveryMs,
            JournalCapacity = settings.Timings.JournalCapacity,
        };
        if (v.TapOff && hardware.ExitCardReader is null)
        {
            throw new InvalidOperationException("Validator:TapOff needs the exit door's reader, which the hardware did not open");
        }

        var clock = new SystemClock(time);
        var opened = new List<IDisposable>();
        try
        {
            _indicator = new GpioIndicator(settings.Pins.Green, settings.Pins.Red, hardware.Gpio, shouldDispose: false, time);
            opened.Add(_indicator);
            if (hardware.GpsSerial is { } serial)
            {
                _gps = new NmeaGpsReceiver(serial, clock);
                opened.Add(_gps);
            }

            _gateway = new LaneConnection(settings, DeviceKinds.BusValidator, config.Firmware, time, log, "taking taps into the journal");
            Controller = new BusValidatorController(config, hardware.CardReader, hardware.ExitCardReader, _indicator, _gps, clock,
                new FileStorage(settings.StorageDirectory), _gateway.Link);
        }
        catch
        {
            // A corrupt journal, say: release what was opened (the unit restarts the service).
            _gateway?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            opened.Reverse();
            opened.ForEach(d => d.Dispose());
            throw;
        }

        _loop = new DeviceLoop(_gateway.Link, Controller.OnConnected, Controller.OnMessage, Step,
            TimeSpan.FromMilliseconds(settings.Timings.LoopTickMs));
    }

    /// <summary>The validator's controller. Owned by the loop thread once <see cref="RunAsync"/> starts.</summary>
    public BusValidatorController Controller { get; }

    /// <summary>The GPS receiver; null when Gps:Port is "none".</summary>
    public NmeaGpsReceiver? Gps => _gps;

    public static BusValidatorLane Create(LaneSettings settings, LaneHardware hardware, TimeProvider time, LaneLog log) =>
        new(settings, hardware, time, log);

    public async Task<int> RunAsync(CancellationToken stop)
    {
        var b = _settings.Broker;
        var v = _settings.Validator;
        _log.Info($"bus validator {_settings.DeviceId} starting: route {v.Route ?? "-"}, vehicle {v.Vehicle ?? "-"}, "
            + $"tap-off {(v.TapOff ? "on" : "off")}, GPS {(_gps is null ? "none" : _settings.Gps.Port)}, broker {b.Host}:{b.Port}{(b.UseTls ? " tls" : "")}, "
            + $"storage {_settings.StorageDirectory}, {Controller.PendingEvents} taps pending");
        _gps?.Start();
        return await _gateway.RunAsync(_loop, stop, _stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync();
        await _loop.DisposeAsync();
        await _gateway.DisposeAsync();
        _gps?.Dispose();
        _indicator.Dispose();
        _stopping.Dispose();
        _log.Info($"bus validator {_settings.DeviceId} stopped; {Controller.PendingEvents} taps pending, {Controller.LostEvents} lost, "
            + $"{Controller.DuplicateTaps} repeats, {Controller.InvalidCards} invalid cards, {Controller.TapsWithFix} of {Controller.Taps} taps with a GPS fix");
    }

    private void Step()
    {
        Controller.Loop();
        _indicator.Tick();
    }
}
