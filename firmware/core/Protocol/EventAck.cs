namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>All events of the device up to and including <see cref="Seq"/> are durably stored.</summary>
    public sealed class EventAck
    {
        public long Seq;

        public EventAck(long seq)
        {
            Seq = seq;
        }
    }
}
