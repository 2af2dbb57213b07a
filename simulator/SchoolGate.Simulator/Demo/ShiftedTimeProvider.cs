namespace SchoolGate.Simulator.Demo;

/// <summary>
/// A clock that reads <paramref name="offset"/> away from <paramref name="inner"/>: a virtual
/// device whose taps "happened" earlier in the morning. Only the wall clock moves; timestamps and
/// timers stay the real ones, so the device's timeouts and retries run as usual.
/// </summary>
public sealed class ShiftedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
