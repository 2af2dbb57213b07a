namespace SchoolGate.Firmware.Core.Protocol
{
    public static class PassageTypes
    {
        public const string Entered = "entered";
        public const string Exited = "exited";
        public const string Refused = "refused";
        /// <summary>The lane opened but the rotation sensor saw nobody pass before the relay closed.</summary>
        public const string Abandoned = "abandoned";
        /// <summary>A bus validator: the card was tapped on boarding.</summary>
        public const string Boarded = "boarded";
        /// <summary>A bus validator with tap-off: the card was tapped on leaving the vehicle.</summary>
        public const string Alighted = "alighted";
    }
}
