using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed class FakeIndicator : IIndicator
{
    public List<int> Shown { get; } = [];

    public int Current => Shown.Count == 0 ? -1 : Shown[^1];

    public void Show(int signal) => Shown.Add(signal);
}
