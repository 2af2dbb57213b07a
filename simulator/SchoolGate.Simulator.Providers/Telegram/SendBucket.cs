namespace SchoolGate.Simulator.Providers.Telegram;

/// <summary>
/// The rule behind every limit of <see cref="FakeBotApi"/>: a token bucket. It holds at most
/// <c>burst</c> sends and refills at <c>rate</c> per second of the injected clock; a send takes one
/// whole token or is refused with how long until one is there. Unlike a fixed per-second window it
/// has no edge where twice the rate gets through (end of one second, start of the next), and it is
/// two arithmetic operations per check, not a log of past sends. Not thread-safe: the owner locks.
/// </summary>
internal sealed class SendBucket(double rate, double burst)
{
    private readonly double _burst = burst;
    private double _tokens = burst;
    private long _refilledAt = long.MinValue;

    /// <summary>Seconds until a send would be allowed at <paramref name="now"/> (a TimeProvider timestamp); 0 if now.</summary>
    public double WaitSeconds(long now, long frequency)
    {
        Refill(now, frequency);
        return _tokens >= 1 ? 0 : (1 - _tokens) / rate;
    }

    /// <summary>Takes one send; only after <see cref="WaitSeconds"/> answered 0 for the same instant.</summary>
    public void Take() => _tokens -= 1;

    private void Refill(long now, long frequency)
    {
        // Requests read the clock before they take the lock, so a later one may carry an earlier
        // instant: time never runs backwards for the bucket.
        if (_refilledAt == long.MinValue)
        {
            _refilledAt = now;
        }
        else if (now > _refilledAt)
        {
            _tokens = Math.Min(_burst, _tokens + ((double)(now - _refilledAt) / frequency * rate));
            _refilledAt = now;
        }
    }
}
