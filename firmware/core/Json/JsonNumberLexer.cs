namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// Reads one JSON number (RFC 8259 section 6) and tells whether it is an integer that fits in
    /// a long: the protocol's ids, seqs and times are integers, and System.Text.Json refuses
    /// <c>7.0</c>, <c>7e0</c> or an overflowing value for a long, so the device must too.
    /// </summary>
    public static class JsonNumberLexer
    {
        /// <summary>
        /// Reads the number at <paramref name="pos"/> into <paramref name="member"/> (IsInteger,
        /// Integer); false if there is no well-formed number there.
        /// </summary>
        // number = [ "-" ] ( "0" / 1-9 *DIGIT ) [ "." 1*DIGIT ] [ ("e"/"E") ["+"/"-"] 1*DIGIT ]
        public static bool Read(byte[] json, ref int pos, JsonMember member)
        {
            int start = pos;
            if (pos < json.Length && json[pos] == '-')
            {
                pos++;
            }

            if (pos >= json.Length || !IsDigit(json[pos]))
            {
                return false;
            }

            if (json[pos] == '0')
            {
                pos++;
            }
            else
            {
                SkipDigits(json, ref pos);
            }

            bool integer = true;
            if (pos < json.Length && json[pos] == '.')
            {
                integer = false;
                pos++;
                if (!SkipDigits(json, ref pos))
                {
                    return false;
                }
            }

            if (pos < json.Length && (json[pos] == 'e' || json[pos] == 'E'))
            {
                integer = false;
                pos++;
                if (pos < json.Length && (json[pos] == '+' || json[pos] == '-'))
                {
                    pos++;
                }

                if (!SkipDigits(json, ref pos))
                {
                    return false;
                }
            }

            long value = 0;
            member.IsInteger = integer && AsciiNumbers.TryParseLong(json, start, pos - start, out value);
            member.Integer = member.IsInteger ? value : 0;
            return true;
        }

        // One or more digits; false if there are none.
        private static bool SkipDigits(byte[] json, ref int pos)
        {
            int start = pos;
            while (pos < json.Length && IsDigit(json[pos]))
            {
                pos++;
            }

            return pos > start;
        }

        private static bool IsDigit(byte b)
        {
            return b >= '0' && b <= '9';
        }
    }
}
