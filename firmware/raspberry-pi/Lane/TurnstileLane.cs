using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// One turnstile lane on a Raspberry Pi: the firmware core's <see cref="TurnstileController"/> on
/// the GPIO adapters, file storage and the device SDK's MQTT connection, run by a <see cref="DeviceLoop"/>.
/// The lane works from boot whether or not the gateway answers: it connects in the background and
/// decides from its offline list meanwhile.
/// </summary>
public sealed class TurnstileLane : ILane
{
    public const string Firmware = "rpi-1.0";

    private readonly LaneSettings _settings;
    private readonly LaneLog _log;
    private readonly GpioRelay _relay;
    private readonly GpioDigitalInput _rotation;
    private readonly DebouncedInput _rotationFiltered;
    private readonly GpioIndicator _indicator;
    private readonly LaneConnection _gateway;
    private readonly DeviceLoop _loop;
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    private TurnstileLane(LaneSettings settings, LaneHardware hardware, TimeProvider time, LaneLog log, List<object> opened)
    {
        _settings = settings;
        _log = log;
        var pins = settings.Pins;
        var gpio = hardware.Gpio;

        // The relay first: it is opened driven "off", so the lane is locked before anything else runs.
        _relay = Track(opened, new GpioRelay(pins.Relay, gpio, pins.RelayActiveHigh, shouldDispose: false));
        // Opened as wired (Pins:RotationSensorPull): an internal pull the driver lacks throws
        // PinModeNotSupportedException, which releases the relay above and exits 2.
        _rotation = Track(opened, new GpioDigitalInput(pins.RotationSensor, gpio, pins.RotationSensorActiveLow,
            shouldDispose: false, pins.RotationSensorPull));
        _rotationFiltered = new DebouncedInput(_rotation, time, TimeSpan.FromMilliseconds(pins.RotationSensorDebounceMs));
        _indicator = Track(opened, new GpioIndicator(pins.Green, pins.Red, gpio, shouldDispose: false, time));

        var config = new TurnstileConfig
        {
            DeviceId = settings.DeviceId,
            Direction = settings.Direction,
            Firmware = Firmware,
            DecisionBudgetMs = settings.Timings.DecisionBudgetMs,
            DefaultOpenMs = settings.Timings.DefaultOpenMs,
            RefusedSignalMs = settings.Timings.RefusedSignalMs,
            ResendAfterMs = settings.Timings.ResendAfterMs,
            HeartbeatEveryMs = settings.Timings.HeartbeatEveryMs,
            JournalCapacity = settings.Timings.JournalCapacity,
        };

        _gateway = Track(opened, new LaneConnection(settings, DeviceKinds.Turnstile, config.Firmware, time, log,
            "deciding from the offline list"));
        Controller = new TurnstileController(config, _relay, _rotationFiltered, hardware.CardReader, _indicator,
            new SystemClock(time), new FileStorage(settings.StorageDirectory), _gateway.Link);
        _loop = new DeviceLoop(_gateway.Link, Controller.OnConnected, Controller.OnMessage, Step,
            TimeSpan.FromMilliseconds(settings.Timings.LoopTickMs));
    }

    /// <summary>The lane's state machine. Owned by the loop thread once <see cref="RunAsync"/> starts.</summary>
    public TurnstileController Controller { get; }

    public DeviceConnection Connection => _gateway.Connection;

    /// <summary>Builds the lane; on failure releases whatever it had opened and rethrows.</summary>
    public static TurnstileLane Create(LaneSettings settings, LaneHardware hardware, TimeProvider time, LaneLog log)
    {
        var opened = new List<object>();
        try
        {
            return new TurnstileLane(settings, hardware, time, log, opened);
        }
        catch
        {
            opened.Reverse();
            foreach (var item in opened)
            {
                if (item is IAsyncDisposable asyncDisposable)
                {
                    asyncDisposable.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                else
                {
                    (item as IDisposable)?.Dispose();
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Runs until <paramref name="stop"/> fires (0) or the loop faults (1, so systemd restarts the
    /// service, the way a watchdog resets an ESP32). Shutting down is <see cref="DisposeAsync"/>'s job.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var b = _settings.Broker;
        _log.Info($"lane {_settings.DeviceId} ({_settings.Direction}) starting: broker {b.Host}:{b.Port}{(b.UseTls ? " tls" : "")}, "
            + $"relay GPIO{_settings.Pins.Relay}, rotation GPIO{_settings.Pins.RotationSensor} (pull {_rotation.Pull.ToString().ToLowerInvariant()}, "
            + $"debounce {_settings.Pins.RotationSensorDebounceMs} ms), storage {_settings.StorageDirectory}, "
            + $"{Controller.PendingEvents} events pending");
        return await _gateway.RunAsync(_loop, stop, _stopping.Token);
    }

    /// <summary>Stops the loop, locks the lane, tells the gateway it is going offline, releases the pins.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync();
        await _loop.DisposeAsync();

        // Fail secure: whatever state the lane was in, it stops locked.
        _relay.Close();
        await _gateway.DisposeAsync();
        _indicator.Dispose();
        _rotation.Dispose();
        _relay.Dispose();
        _stopping.Dispose();
        _log.Info($"lane {_settings.DeviceId} stopped, relay closed; {Controller.PendingEvents} events pending, "
            + $"{Controller.LostEvents} lost, {Controller.BadMessages} bad messages, {Controller.InvalidCards} invalid cards, "
            + $"{_rotationFiltered.GlitchesIgnored} rotation sensor glitches ignored");
    }

    private static T Track<T>(List<object> opened, T item)
        where T : notnull
    {
        opened.Add(item);
        return item;
    }

    private void Step()
    {
        Controller.Loop();
        _indicator.Tick();
    }
}
