namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// The cards this device may let in when the gateway is silent (ids only, never names).
    /// <see cref="Version"/> grows with every list the gateway publishes for this device.
    /// </summary>
    public sealed class AccessList
    {
        public long Version;
        public string[] Cards;

        public AccessList(long version, string[] cards)
        {
            Version = version;
            Cards = cards;
        }
    }
}
