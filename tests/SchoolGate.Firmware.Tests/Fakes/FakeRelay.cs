using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed class FakeRelay : IRelay
{
    public bool IsOpen { get; private set; }

    public int Openings { get; private set; }

    public void Open()
    {
        IsOpen = true;
        Openings++;
    }

    public void Close() => IsOpen = false;
}
