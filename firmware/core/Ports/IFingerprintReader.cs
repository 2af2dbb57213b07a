namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// A fingerprint module that keeps its templates in its own flash (R503, AS608, ZFM-20 over
    /// UART): it enrolls a finger into a numbered slot, searches its slots when a finger is laid on
    /// it and answers "matched template N". The templates never leave the module: the lane only
    /// ever sees slot numbers, and the gateway only ever stores which slot of which device is whose.
    /// </summary>
    public interface IFingerprintReader
    {
        /// <summary>
        /// Non-blocking: the slot number (0 or more) of a finger that was just matched, or -1 when no
        /// finger was matched since the last call (no finger, or a finger the module does not know).
        /// </summary>
        int TryMatch();

        /// <summary>
        /// Deletes the template in <paramref name="templateId"/> from the module. True when the slot
        /// is empty afterwards (also when it already was); false when the module did not confirm, so
        /// the delete must be tried again.
        /// </summary>
        bool Delete(int templateId);
    }
}
