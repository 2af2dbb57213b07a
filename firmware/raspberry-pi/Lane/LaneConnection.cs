using SchoolGate.DeviceSdk.Connection;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Adapters;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// A device's way to the gateway, whatever its role: the device SDK's MQTT connection behind the
/// core's link port, connected in the background from boot (the device works without it), with
/// backoff until the first connect succeeds, and a retained "offline" on a clean shutdown.
/// </summary>
public sealed class LaneConnection : IAsyncDisposable
{
    private static readonly TimeSpan ConnectAttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxConnectBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(2);

    private readonly LaneSettings _settings;
    private readonly TimeProvider _time;
    private readonly LaneLog _log;
    private readonly string _meanwhile;
    private Task _connecting = Task.CompletedTask;
    private int _wasConnected;
    private bool _stopping;

    /// <param name="meanwhile">What the device does while the gateway is away, for the log ("deciding from the offline list").</param>
    public LaneConnection(LaneSettings settings, string kind, string firmware, TimeProvider time, LaneLog log, string meanwhile)
    {
        _settings = settings;
        _time = time;
        _log = log;
        _meanwhile = meanwhile;
        // The SDK builds the last will from the same id, kind and firmware as the controller's
        // LastWillPayload (only its timestamp differs: 0, since a will is fixed at connect time).
        Connection = new DeviceConnection(new DeviceConnectionOptions
        {
            Host = settings.Broker.Host,
            Port = settings.Broker.Port,
            UseTls = settings.Broker.UseTls,
            DeviceId = settings.DeviceId,
            Secret = settings.Secret,
            Kind = kind,
            Firmware = firmware,
            ReconnectDelay = TimeSpan.FromMilliseconds(settings.Timings.ReconnectDelayMs),
        });
        Link = new MqttLink(Connection);
        Connection.Connected += OnConnectedAsync;
        Connection.Disconnected += OnDisconnectedAsync;
    }

    public DeviceConnection Connection { get; }

    public MqttLink Link { get; }

    /// <summary>
    /// Starts the device loop and the background connect (the SDK reconnects by itself after the
    /// first success), then waits until <paramref name="stop"/> or <paramref name="stopping"/> fires
    /// (0) or the loop faults (1, so systemd restarts the service, the way a watchdog resets an ESP32).
    /// </summary>
    public async Task<int> RunAsync(DeviceLoop loop, CancellationToken stop, CancellationToken stopping)
    {
        loop.Start();
        _connecting = ConnectAsync(stopping);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, stopping);
        while (!linked.IsCancellationRequested)
        {
            if (loop.Fault is { } fault)
            {
                _log.Error($"device loop stopped: {fault.GetType().Name}: {fault.Message}");
                return LaneProgram.ExitFault;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), linked.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return LaneProgram.ExitStopped;
    }

    /// <summary>Waits for the background connect to end (cancel its token first), then says goodbye and closes.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _connecting;
        await SayGoodbyeAsync();
        Connection.Connected -= OnConnectedAsync;
        Connection.Disconnected -= OnDisconnectedAsync;
        await Connection.DisposeAsync();
        await Link.DisposeAsync();
    }

    // Until the first connect (gateway down at boot, wrong secret) this keeps trying, backing off
    // so a refused device does not hammer the broker.
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
                await Connection.ConnectAsync(attemptLimit.Token);
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
                    _log.Warn($"cannot reach the gateway ({ex.GetType().Name}: {ex.Message}); {_meanwhile}, retrying");
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
    // here; otherwise the dashboard would show a stopped device as online.
    private async Task SayGoodbyeAsync()
    {
        if (!Connection.IsConnected)
        {
            return;
        }

        using var limit = new CancellationTokenSource(GoodbyeTimeout);
        var payload = Connection.StatePayload(DeviceStatus.Offline, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await Connection.PublishAsync(Topics.State, payload, retain: true, cancellationToken: limit.Token);
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
        if (Interlocked.Exchange(ref _wasConnected, 0) == 1 && !_stopping)
        {
            _log.Warn($"connection to the gateway lost; {_meanwhile}, reconnecting");
        }

        return Task.CompletedTask;
    }
}
