using System.Device.Gpio;

namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// The GPIO driver cannot put a pin in the mode the wiring needs, e.g. an internal pull-up on a
/// driver that has none. Thrown instead of opening the pin in some other mode: an input that
/// silently floats reads noise as rotations. Restarting cannot fix it; the wiring or the settings must change.
/// </summary>
public sealed class PinModeNotSupportedException(int pin, PinMode mode, string advice)
    : InvalidOperationException($"GPIO{pin} cannot be opened as {mode}: the GPIO driver does not support that mode on this pin. {advice}")
{
    public int Pin { get; } = pin;

    public PinMode Mode { get; } = mode;
}
