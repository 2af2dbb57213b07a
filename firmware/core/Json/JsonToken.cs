namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>What <see cref="JsonStepReader.Read"/> returns; plain int constants like <see cref="JsonValueKind"/>.</summary>
    public static class JsonToken
    {
        /// <summary>The step's byte budget is spent; call <see cref="JsonStepReader.BeginStep"/> and read on.</summary>
        public const int None = 0;
        public const int Error = 1;

        /// <summary>The top-level value is complete and only whitespace followed it.</summary>
        public const int End = 2;
        public const int StartObject = 3;
        public const int EndObject = 4;
        public const int StartArray = 5;
        public const int EndArray = 6;
        public const int PropertyName = 7;
        public const int String = 8;
        public const int Number = 9;
        public const int True = 10;
        public const int False = 11;
        public const int Null = 12;
    }
}
