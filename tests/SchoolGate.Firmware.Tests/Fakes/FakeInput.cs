using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed class FakeInput : IDigitalInput
{
    public bool Level { get; set; }

    public bool Read() => Level;
}
