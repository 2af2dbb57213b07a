using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Simulator.Devices;

/// <summary>The lane's green/red lights and buzzer, remembered so a test can see what a child saw.</summary>
public sealed class VirtualIndicator : IIndicator
{
    private int _last = IndicatorSignal.Idle;

    public event Action<int>? Shown;

    public int Last => Volatile.Read(ref _last);

    public void Show(int signal)
    {
        Volatile.Write(ref _last, signal);
        Shown?.Invoke(signal);
    }
}
