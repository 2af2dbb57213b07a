namespace SchoolGate.Firmware.Core.Protocol
{
    public static class DeviceKinds
    {
        public const string Turnstile = "turnstile";
        public const string BusValidator = "bus-validator";
        public const string CanteenTerminal = "canteen-terminal";
    }
}
