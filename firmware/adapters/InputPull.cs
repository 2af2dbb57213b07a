namespace SchoolGate.Firmware.Adapters;

/// <summary>
/// What holds a digital input at its idle level. A technician picks it to match the wiring; the
/// adapter never swaps one for another behind their back (hardware-docs/turnstile.md).
/// </summary>
public enum InputPull
{
    /// <summary>
    /// The chip's internal pull-up: a dry contact or open collector to GND, on a short cable. The
    /// Pi's internal pulls are weak (50-65 kΩ, Raspberry Pi documentation "GPIO pads"; ~45 kΩ on
    /// the ESP32, ESP32 datasheet table "DC characteristics"), so a long cable picks up noise.
    /// </summary>
    Up,

    /// <summary>The chip's internal pull-down: a contact or high-side output to 3.3 V.</summary>
    Down,

    /// <summary>
    /// No pull at all: the line is driven both ways by a push-pull 3.3 V output. Opened as a plain input.
    /// </summary>
    None,

    /// <summary>
    /// A resistor on the interface board does it (an optocoupler's collector with its own pull-up to
    /// 3.3 V and an RC filter, as for a 12-24 V NPN sensor). Opened as a plain input on purpose.
    /// </summary>
    External,
}
