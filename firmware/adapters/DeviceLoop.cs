namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// Runs a firmware controller the way the ESP32 main loop does: deliver what the link received,
/// run one non-blocking step, sleep a tick. Every call into the controller happens on this loop,
/// so the single-threaded core needs no locks.
/// </summary>
public sealed class DeviceLoop : IAsyncDisposable
{
    private readonly MqttLink _link;
    private readonly Action _onConnected;
    private readonly Action<string, byte[]> _onMessage;
    private readonly Action _step;
    private readonly TimeSpan _tick;
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private long _steps;

    public DeviceLoop(MqttLink link, Action onConnected, Action<string, byte[]> onMessage, Action step, TimeSpan? tick = null)
    {
        _link = link;
        _onConnected = onConnected;
        _onMessage = onMessage;
        _step = step;
        _tick = tick ?? TimeSpan.FromMilliseconds(5);
    }

    /// <summary>Completed loop iterations: lets an observer wait until a step it saw begin has finished.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Set when a step threw: the loop stops, as a watchdog reset would.</summary>
    public Exception? Fault { get; private set; }

    public void Start() => _running ??= Task.Factory.StartNew(Run, TaskCreationOptions.LongRunning);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running;
        }

        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _link.Dispatch(_onConnected, _onMessage);
                _step();
                Interlocked.Increment(ref _steps);
            }
            catch (Exception ex)
            {
                Fault = ex;
                return;
            }

            // Thread.Sleep, not a TimeProvider delay: this paces the loop, it does not keep time.
            Thread.Sleep(_tick);
        }
    }
}
