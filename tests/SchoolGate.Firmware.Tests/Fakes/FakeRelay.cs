using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>
/// A relay that powers up released, as one left energised by whatever ran before a reset: a
/// lane only reads as locked if its controller drove the relay closed itself.
/// </summary>
public sealed class FakeRelay : IRelay
{
    public bool IsOpen { get; private set; } = true;

    public int Openings { get; private set; }

    public void Open()
    {
        IsOpen = true;
        Openings++;
    }

    public void Close() => IsOpen = false;
}
