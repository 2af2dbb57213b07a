namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>A journaled device event: a passage through the lane, a refusal or an abandoned opening.</summary>
    public sealed class PassageEvent
    {
        public string DeviceId;
        public long Seq;
        public string Type;
        public string CardId;
        public string Reason;
        public bool Offline;
        public long Ts;

        public PassageEvent(string deviceId, long seq, string type, string cardId, string reason, bool offline, long ts)
        {
            DeviceId = deviceId;
            Seq = seq;
            Type = type;
            CardId = cardId;
            Reason = reason;
            Offline = offline;
            Ts = ts;
        }
    }
}
