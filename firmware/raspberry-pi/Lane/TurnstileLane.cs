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
public sealed class TurnstileLane : IAsyncDisposable
{
    public const string Firmware = "rpi-1.0";

    private static readonly TimeSpan ConnectAttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxConnectBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(2);

    private readonly LaneSettings _settings;
    private readonly TimeProvider _time;
    private readonly LaneLog _log;
    private readonly GpioRelay _relay;
    private readonly GpioDigitalInput _rotation;
    private readonly DebouncedInput _rotationFiltered;
    private readonly GpioIndicator _indicator;
    private readonly DeviceConnection _connection;
    private readonly MqttLink _link;
    private readonly DeviceLoop _loop;
    private readonly CancellationTokenSource _stopping = new();
    private Task _connecting = Task.CompletedTask;
    private int _wasConnected;
    private bool _disposed;

    private TurnstileLane(LaneSettings settings, LaneHardware hardware, TimeProvider time, LaneLog log, List<object> opened)
    {
        _settings = settings;
        _time = time;
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

        // The SDK builds the last will from the same id, kind and firmware as the controller's
        // LastWillPayload (only its timestamp differs: 0, since a will is fixed at connect time).
        _connection = Track(opened, new DeviceConnection(new DeviceConnectionOptions
        {
            Host = settings.Broker.Host,
            Port = settings.Broker.Port,
            UseTls = settings.Broker.UseTls,
            DeviceId = settings.DeviceId,
            Secret = settings.Secret,
            Kind = DeviceKinds.Turnstile,
            Firmware = config.Firmware,
            ReconnectDelay = TimeSpan.FromMilliseconds(settings.Timings.ReconnectDelayMs),
        }));
        _link = Track(opened, new MqttLink(_connection));
        Controller = new TurnstileController(config, _relay, _rotationFiltered, hardware.CardReader, _indicator,
            new SystemClock(time), new FileStorage(settings.StorageDirectory), _link);
        _loop = new DeviceLoop(_link, Controller.OnConnected, Controller.OnMessage, Step,
            TimeSpan.FromMilliseconds(settings.Timings.LoopTickMs));

        _connection.Connected += OnConnectedAsync;
        _connection.Disconnected += OnDisconnectedAsync;
    }

    /// <summary>The lane's state machine. Owned by the loop thread once <see cref="RunAsync"/> starts.</summary>
    public TurnstileController Controller { get; }

    public DeviceConnection Connection => _connection;

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
        _loop.Start();
        _connecting = ConnectAsync(_stopping.Token);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _stopping.Token);
        while (!linked.IsCancellationRequested)
        {
            if (_loop.Fault is { } fault)
            {
                _log.Error($"lane loop stopped: {fault.GetType().Name}: {fault.Message}");
                return 1;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), linked.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
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
        await _connecting;

        // Fail secure: whatever state the lane was in, it stops locked.
        _relay.Close();
        await SayGoodbyeAsync();
        _connection.Connected -= OnConnectedAsync;
        _connection.Disconnected -= OnDisconnectedAsync;
        await _connection.DisposeAsync();
        await _link.DisposeAsync();
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

    // The SDK reconnects by itself after the first successful connect; until then (gateway down at
    // boot, wrong secret) this keeps trying, backing off so a refused lane does not hammer the broker.
    private async Task ConnectAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromMilliseconds(_settings.Timings.ReconnectDelayMs);
        var attempt = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                attemptLimit.CancelAfter(ConnectAttemptTimeout);
                await _connection.ConnectAsync(attemptLimit.Token);
                return;
            }
            catch (Exception ex)
            {
                // Shutting down mid-attempt surfaces as whatever the socket was doing: not worth a warning.
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (attempt++ == 0)
                {
                    _log.Warn($"cannot reach the gateway ({ex.GetType().Name}: {ex.Message}); deciding from the offline list, retrying");
                }
            }

            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxConnectBackoff.Ticks));
        }
    }

    // A clean MQTT disconnect does not fire the last will, so the retained state is set to offline
    // here; otherwise the dashboard would show a stopped lane as online.
    private async Task SayGoodbyeAsync()
    {
        if (!_connection.IsConnected)
        {
            return;
        }

        using var limit = new CancellationTokenSource(GoodbyeTimeout);
        var payload = _connection.StatePayload(DeviceStatus.Offline, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await _connection.PublishAsync(Topics.State, payload, retain: true, cancellationToken: limit.Token);
    }

    private Task OnConnectedAsync()
    {
        Interlocked.Exchange(ref _wasConnected, 1);
        _log.Info($"connected to {_settings.Broker.Host}:{_settings.Broker.Port}");
        return Task.CompletedTask;
    }

    // The SDK reports every failed reconnect attempt as a disconnect: log only real drops.
    private Task OnDisconnectedAsync()
    {
        if (Interlocked.Exchange(ref _wasConnected, 0) == 1 && !_disposed)
        {
            _log.Warn("connection to the gateway lost; deciding from the offline list, reconnecting");
        }

        return Task.CompletedTask;
    }
}
