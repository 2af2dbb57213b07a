namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>A card presented at a lane, asking the gateway for a decision.</summary>
    public sealed class AccessRequest
    {
        public string DeviceId;
        public long RequestId;
        public string CardId;
        public string Direction;
        public long Ts;

        public AccessRequest(string deviceId, long requestId, string cardId, string direction, long ts)
        {
            DeviceId = deviceId;
            RequestId = requestId;
            CardId = cardId;
            Direction = direction;
            Ts = ts;
        }
    }
}
