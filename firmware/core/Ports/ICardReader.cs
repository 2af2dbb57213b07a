namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Card (or biometric match) source. TryRead is non-blocking: it returns the card id of a
    /// newly presented card, or null when there is none.
    /// </summary>
    public interface ICardReader
    {
        string TryRead();
    }
}
