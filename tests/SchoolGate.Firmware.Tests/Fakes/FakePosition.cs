using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>A GPS receiver's last report, set by the test.</summary>
public sealed class FakePosition : IPositionSource
{
    public bool HasFix { get; set; }
    public long LatE7 { get; set; }
    public long LonE7 { get; set; }
    public long FixAgeMs { get; set; }

    public void Fix(long latE7, long lonE7, long ageMs = 500)
    {
        HasFix = true;
        LatE7 = latE7;
        LonE7 = lonE7;
        FixAgeMs = ageMs;
    }
}
