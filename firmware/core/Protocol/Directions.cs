namespace SchoolGate.Firmware.Core.Protocol
{
    public static class Directions
    {
        public const string In = "in";
        public const string Out = "out";
    }
}
