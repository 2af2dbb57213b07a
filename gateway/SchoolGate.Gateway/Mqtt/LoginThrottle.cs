using Microsoft.Extensions.Options;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// Counts wrong secrets per (client id, remote address). After <see cref="MqttOptions.MaxFailedLogins"/>
/// failures within <see cref="MqttOptions.FailedLoginWindowSeconds"/> (a fixed window from the first
/// failure), that pair is refused without a PBKDF2 computation until the window ends.
/// Keyed by id AND address: failures of other ids never count against a device (a school behind
/// one NAT address shares it), and a flood from an attacker's address cannot lock the real
/// device out at its own address.
/// </summary>
public class LoginThrottle
{
    // Only ids of registered devices get here (an unknown id is refused before any hashing), so
    // the table grows with devices x addresses; expired windows are swept once it gets large.
    private const int SweepAbove = 10_000;

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public int Failures { get; set; }
    }

    private readonly Dictionary<(string ClientId, string Address), Window> _windows = [];
    private readonly Lock _lock = new();
    private readonly int _maxFailures;
    private readonly TimeProvider _time;

    public LoginThrottle(IOptions<MqttOptions> options, TimeProvider time)
        : this(options.Value.MaxFailedLogins, TimeSpan.FromSeconds(options.Value.FailedLoginWindowSeconds), time)
    {
    }

    /// <summary>The same bookkeeping for another kind of login (staff sign-in: login name instead of client id).</summary>
    protected LoginThrottle(int maxFailures, TimeSpan window, TimeProvider time)
    {
        _maxFailures = maxFailures;
        Length = window;
        _time = time;
    }

    private TimeSpan Length { get; }

    public bool IsThrottled(string clientId, string address)
    {
        lock (_lock)
        {
            return Current(clientId, address) is { } window && window.Failures >= _maxFailures;
        }
    }

    /// <summary>When the pair's throttle ends (only meaningful while <see cref="IsThrottled"/>).</summary>
    public DateTimeOffset ThrottledUntil(string clientId, string address)
    {
        lock (_lock)
        {
            return Current(clientId, address) is { } window ? window.Start + Length : _time.GetUtcNow();
        }
    }

    /// <summary>Counts a wrong secret; true exactly when this failure starts the throttle (log it once).</summary>
    public bool RecordFailure(string clientId, string address)
    {
        lock (_lock)
        {
            if (Current(clientId, address) is not { } window)
            {
                if (_windows.Count >= SweepAbove)
                {
                    Sweep();
                }

                window = new Window(_time.GetUtcNow());
                _windows[(clientId, address)] = window;
            }

            window.Failures++;
            return window.Failures == _maxFailures;
        }
    }

    public void RecordSuccess(string clientId, string address)
    {
        lock (_lock)
        {
            _windows.Remove((clientId, address));
        }
    }

    private Window? Current(string clientId, string address)
    {
        if (!_windows.TryGetValue((clientId, address), out var window))
        {
            return null;
        }

        if (_time.GetUtcNow() < window.Start + Length)
        {
            return window;
        }

        _windows.Remove((clientId, address));
        return null;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, window) in _windows.Where(w => now >= w.Value.Start + Length).ToList())
        {
            _windows.Remove(key);
        }
    }
}
