namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>Retained device state; the last will carries <see cref="DeviceStatus.Offline"/>.</summary>
    public sealed class DeviceState
    {
        public string DeviceId;
        public string Kind;
        public string Status;
        public string Firmware;
        public long Ts;

        public DeviceState(string deviceId, string kind, string status, string firmware, long ts)
        {
            DeviceId = deviceId;
            Kind = kind;
            Status = status;
            Firmware = firmware;
            Ts = ts;
        }
    }
}
