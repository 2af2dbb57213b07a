namespace SchoolGate.Firmware.Core.Protocol
{
    public static class PassageTypes
    {
        public const string Entered = "entered";
        public const string Exited = "exited";
        public const string Refused = "refused";
        /// <summary>The lane opened but the rotation sensor saw nobody pass before the relay closed.</summary>
        public const string Abandoned = "abandoned";
    }
}
