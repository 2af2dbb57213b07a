namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>Liveness and journal backlog of a device.</summary>
    public sealed class Heartbeat
    {
        public string DeviceId;
        public long UptimeS;
        public int Pending;
        public long Ts;

        public Heartbeat(string deviceId, long uptimeS, int pending, long ts)
        {
            DeviceId = deviceId;
            UptimeS = uptimeS;
            Pending = pending;
            Ts = ts;
        }
    }
}
