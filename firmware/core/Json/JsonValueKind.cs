namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>Kinds of a member value in <see cref="JsonObjectReader"/>.</summary>
    public static class JsonValueKind
    {
        public const int String = 1;
        public const int Number = 2;
        public const int True = 3;
        public const int False = 4;
        public const int Null = 5;
        /// <summary>A nested object or array: validated and skipped.</summary>
        public const int Nested = 6;
    }
}
