namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>One top-level member of a parsed object.</summary>
    public sealed class JsonMember
    {
        public string Name;
        public int Kind;
        /// <summary>The unescaped text of a string value.</summary>
        public string Text;
        /// <summary>Set for numbers without fraction or exponent that fit in a long.</summary>
        public bool IsInteger;
        public long Integer;
        /// <summary>Where a nested value starts in the payload, so a reader can come back to it.</summary>
        public int ValueStart;
    }
}
