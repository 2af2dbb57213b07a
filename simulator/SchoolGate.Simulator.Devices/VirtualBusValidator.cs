using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.Core.Gps;

namespace SchoolGate.Simulator.Devices;

/// <summary>
/// A bus validator with no hardware: the real firmware core (<see cref="BusValidatorController"/>
/// and its NMEA decoder) on a virtual card reader (two with tap-off), a simulated GPS receiver
/// whose sentences go through the core's decoder as a UART's bytes would, file-backed flash, and a
/// real MQTT connection.
/// </summary>
public sealed class VirtualBusValidator : IAsyncDisposable
{
    private static readonly TimeSpan GpsInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ConnectRetry = TimeSpan.FromMilliseconds(200);

    private readonly VirtualBusValidatorOptions _options;
    private readonly VirtualCardReader _boarding = new();
    private readonly VirtualCardReader _alighting = new();
    private readonly VirtualIndicator _indicator = new();
    private readonly SimulatedGps? _gps;
    private readonly NmeaPositionSource? _position;
    private readonly DeviceConnection _connection;
    private readonly MqttLink _link;
    private readonly BusValidatorController _validator;
    private readonly DeviceLoop _loop;
    private readonly CancellationTokenSource _stopping = new();
    private Task _connecting = Task.CompletedTask;
    private long _lastSentenceTimestamp;
    private int _queuedTaps;

    private VirtualBusValidator(VirtualBusValidatorOptions options)
    {
        _options = options;
        var config = new BusValidatorConfig
        {
            DeviceId = options.DeviceId,
            Route = options.Route,
            Vehicle = options.Vehicle,
            TapOff = options.TapOff,
            DedupeWindowMs = options.DedupeWindowMs,
            ResendAfterMs = options.ResendAfterMs,
            JournalCapacity = options.JournalCapacity,
        };
        var clock = new SystemClock(options.Time);
        if (options.GpsRoute is { } route)
        {
            _gps = new SimulatedGps(route, options.GpsLegTime, options.Time);
            _position = new NmeaPositionSource(clock);
        }

        _connection = new DeviceConnection(new DeviceConnectionOptions
        {
            Host = options.MqttHost,
            Port = options.MqttPort,
            DeviceId = options.DeviceId,
            Secret = options.Secret,
            Kind = DeviceKinds.BusValidator,
            // The last will must name the same firmware as the controller's own state messages.
            Firmware = config.Firmware,
            ProtocolVersion = options.ProtocolVersion,
            ReconnectDelay = TimeSpan.FromMilliseconds(200),
        });
        _link = new MqttLink(_connection);
        _validator = new BusValidatorController(config, _boarding, _alighting, _indicator, _position, clock,
            new FileStorage(options.StorageDirectory), _link);
        _loop = new DeviceLoop(_link, _validator.OnConnected, _validator.OnMessage, Step, options.Tick);
    }

    public string DeviceId => _options.DeviceId;

    public bool IsConnected => _connection.IsConnected;

    /// <summary>The simulated receiver, e.g. to drive through a tunnel (<see cref="SimulatedGps.SignalLost"/>); null without GPS.</summary>
    public SimulatedGps? Gps => _gps;

    /// <summary>Taps the firmware has taken (journaled, or refused by a full journal), repeats not counted.</summary>
    public int Taps => _validator.Taps;

    public int DuplicateTaps => _validator.DuplicateTaps;

    public int PendingEvents => _validator.PendingEvents;

    public long LastAckedSeq => _validator.LastAckedSeq;

    public long LastSeq => _validator.LastSeq;

    public int LostEvents => _validator.LostEvents;

    public int LastSignal => _indicator.Last;

    /// <summary>
    /// Powers the validator up: with <see cref="VirtualBusValidatorOptions.ConnectAtStart"/> it
    /// connects first (throws if the broker refuses); without, it connects in the background.
    /// </summary>
    public static async Task<VirtualBusValidator> StartAsync(VirtualBusValidatorOptions options, CancellationToken cancellationToken = default)
    {
        var device = new VirtualBusValidator(options);
        if (options.ConnectAtStart)
        {
            try
            {
                await device._connection.ConnectAsync(cancellationToken);
            }
            catch
            {
                await device.DisposeAsync();
                throw;
            }
        }
        else
        {
            device._connecting = device.KeepConnectingAsync(device._stopping.Token);
        }

        device._loop.Start();
        return device;
    }

    /// <summary>A child taps a card on the boarding reader (or the exit door's with <paramref name="alighting"/>).</summary>
    public void Tap(string cardId, bool alighting = false)
    {
        Interlocked.Increment(ref _queuedTaps);
        (alighting ? _alighting : _boarding).Tap(cardId);
    }

    /// <summary>Waits until the firmware has read every card tapped so far (taken or filtered as a repeat).</summary>
    public async Task WaitForTapsTakenAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await PollUntilAsync(() => _validator.Taps + _validator.DuplicateTaps + _validator.InvalidCards >= Volatile.Read(ref _queuedTaps),
            timeout, cancellationToken);

        // The counters move before the tap is journaled, within one step: let that step finish.
        var seen = _loop.Steps;
        await PollUntilAsync(() => _loop.Steps > seen, timeout, cancellationToken);
    }

    /// <summary>Waits until the gateway has acknowledged every journaled tap.</summary>
    public Task WaitForJournalDrainedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollUntilAsync(() => _validator.PendingEvents == 0, timeout, cancellationToken);

    /// <summary>The network drops (the broker fires the last will); the device reconnects by itself.</summary>
    public Task DropConnectionAsync() => _connection.DropAsync();

    public Task WaitUntilConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollUntilAsync(() => _connection.IsConnected, timeout, cancellationToken);

    /// <summary>Power off: the loop stops; what is journaled stays in <see cref="VirtualBusValidatorOptions.StorageDirectory"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _connecting;
        await _loop.DisposeAsync();
        await _connection.DisposeAsync();
        await _link.DisposeAsync();
        _stopping.Dispose();
    }

    // Out of coverage the broker cannot be reached: try until it answers (the SDK reconnects by
    // itself after the first success), as the Raspberry Pi app does.
    private async Task KeepConnectingAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _connection.ConnectAsync(stopping);
                return;
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                return;
            }

            try
            {
                await Task.Delay(ConnectRetry, _options.Time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // The receiver's UART: one sentence a second reaches the decoder on the loop's thread, as the
    // ESP32 app feeds what its UART buffered before each controller step.
    private void Step()
    {
        if (_gps is not null && _position is not null
            && (_lastSentenceTimestamp == 0 || _options.Time.GetElapsedTime(_lastSentenceTimestamp) >= GpsInterval))
        {
            _lastSentenceTimestamp = _options.Time.GetTimestamp();
            var sentence = _gps.Sentence();
            _position.Feed(sentence, 0, sentence.Length);
        }

        _validator.Loop();
    }

    // The firmware runs on its own loop thread and raises nothing a caller could await, so callers
    // poll its state; the timeout turns a stuck device into an exception instead of a hang.
    private static async Task PollUntilAsync(Func<bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (!done())
        {
            await Task.Delay(2, limit.Token);
        }
    }
}
