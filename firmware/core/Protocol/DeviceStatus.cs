namespace SchoolGate.Firmware.Core.Protocol
{
    public static class DeviceStatus
    {
        public const string Online = "online";
        public const string Offline = "offline";
    }
}
