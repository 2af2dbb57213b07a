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
    }
}
