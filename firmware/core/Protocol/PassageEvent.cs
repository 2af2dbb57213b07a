namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// A journaled device event: a passage through the lane, a refusal or an abandoned opening, or
    /// a tap on a bus validator (<see cref="PassageTypes.Boarded"/>, <see cref="PassageTypes.Alighted"/>).
    /// The journey fields (<see cref="Route"/> to <see cref="LonE7"/>) are written only when they
    /// differ from their default (null, false, 0), as device-sdk's record leaves them out, so a
    /// turnstile's event keeps its bytes.
    /// </summary>
    public sealed class PassageEvent
    {
        public string DeviceId;
        public long Seq;
        public string Type;
        public string CardId;
        public string Reason;
        public bool Offline;
        public long Ts;

        /// <summary>The route the vehicle runs, e.g. "12"; null for a turnstile.</summary>
        public string Route;

        /// <summary>The operator's vehicle number, e.g. "045"; null for a turnstile.</summary>
        public string Vehicle;

        /// <summary>The validator had a valid GPS fix when the card was tapped.</summary>
        public bool HasFix;

        /// <summary>Latitude of that fix in 1e-7 degrees (north positive).</summary>
        public long LatE7;

        /// <summary>Longitude of that fix in 1e-7 degrees (east positive).</summary>
        public long LonE7;

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
