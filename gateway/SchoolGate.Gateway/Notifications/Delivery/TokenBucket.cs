namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>
/// A token bucket over a clock in unix milliseconds: <see cref="Rate"/> tokens a second, at most
/// <see cref="Burst"/> saved up. Tokens are kept as fractions so a rate of 28/s is exactly 28 a
/// second, not 1 per 35 ms rounded. Not thread-safe: the delivery engine owns it on one loop.
/// </summary>
public sealed class TokenBucket
{
    private double _tokens;
    private long _lastMs;

    /// <param name="rate">Tokens per second; <see cref="double.PositiveInfinity"/> = no limit.</param>
    /// <param name="burst">Most tokens saved up; a full bucket may spend them at once.</param>
    public TokenBucket(double rate, double burst, long nowMs)
    {
        if (!(rate > 0) || !(burst >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"rate {rate} must be > 0 and burst {burst} >= 1");
        }

        Rate = rate;
        Burst = burst;
        _tokens = burst;
        _lastMs = nowMs;
    }

    public double Rate { get; }

    public double Burst { get; }

    public bool Unlimited => double.IsPositiveInfinity(Rate);

    public bool TryTake(long nowMs)
    {
        if (Unlimited)
        {
            return true;
        }

        Refill(nowMs);
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }

    /// <summary>The earliest instant a token is there (<paramref name="nowMs"/> if one is there now).</summary>
    public long NextTokenAt(long nowMs)
    {
        if (Unlimited)
        {
            return nowMs;
        }

        Refill(nowMs);
        return _tokens >= 1 ? nowMs : nowMs + (long)Math.Ceiling((1 - _tokens) * 1000 / Rate);
    }

    /// <summary>Empties the bucket until <paramref name="untilMs"/>, e.g. when the provider said "retry after".</summary>
    public void DrainUntil(long nowMs, long untilMs)
    {
        if (Unlimited)
        {
            return;
        }

        Refill(nowMs);
        // A debt that has refilled to exactly one token at untilMs.
        _tokens = Math.Min(_tokens, 1 - Math.Max(0, untilMs - nowMs) * Rate / 1000);
    }

    private void Refill(long nowMs)
    {
        if (nowMs > _lastMs)
        {
            _tokens = Math.Min(Burst, _tokens + (nowMs - _lastMs) * Rate / 1000);
            _lastMs = nowMs;
        }
    }
}
