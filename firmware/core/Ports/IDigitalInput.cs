namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// A digital input such as the turnstile's rotation sensor, which reads true while the arm
    /// passes its index position. Read must not block: the controller polls it every loop.
    /// </summary>
    public interface IDigitalInput
    {
        bool Read();
    }
}
