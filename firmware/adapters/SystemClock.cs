using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Adapters;

/// <summary>The core's clock port over <see cref="TimeProvider"/> (a fake one in tests and simulations).</summary>
public sealed class SystemClock(TimeProvider time) : IClock
{
    private readonly long _startTimestamp = time.GetTimestamp();

    public long UptimeMs => (long)time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    public long UtcNowMs => time.GetUtcNow().ToUnixTimeMilliseconds();
}
