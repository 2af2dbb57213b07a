using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed class FakeClock : IClock
{
    public long UptimeMs { get; set; } = 1_000;

    public long UtcNowMs { get; set; } = 1_767_225_600_000;

    public void Advance(long ms)
    {
        UptimeMs += ms;
        UtcNowMs += ms;
    }
}
