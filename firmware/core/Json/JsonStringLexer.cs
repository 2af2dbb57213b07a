namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// Reads one JSON string (RFC 8259 section 7) from UTF-8 bytes and unescapes it. Strict where
    /// System.Text.Json is strict: raw control characters, unknown escapes, short \u escapes and
    /// invalid UTF-8 all make the string malformed.
    /// </summary>
    public static class JsonStringLexer
    {
        /// <summary>
        /// The unescaped string that starts at <paramref name="pos"/> (its opening quote), or null
        /// if it is malformed. On success <paramref name="pos"/> is just past the closing quote.
        /// </summary>
        public static string Read(byte[] json, ref int pos)
        {
            if (pos >= json.Length || json[pos] != '"')
            {
                return null;
            }

            pos++;
            CharBuffer chars = null;
            int runStart = pos;
            while (pos < json.Length)
            {
                byte b = json[pos];
                if (b == '"' || b == '\\')
                {
                    // Plain runs go through the UTF-8 decoder in one piece; only escapes are per
                    // char, and a string without any (nearly all of them) needs no buffer at all.
                    string run = Utf8.Decode(json, runStart, pos - runStart);
                    if (run == null)
                    {
                        return null;
                    }

                    pos++;
                    if (b == '"' && chars == null)
                    {
                        return run;
                    }

                    if (chars == null)
                    {
                        chars = new CharBuffer(run.Length + 16);
                    }

                    chars.Append(run);
                    if (b == '"')
                    {
                        return chars.ToString();
                    }

                    int escaped = ReadEscape(json, ref pos);
                    if (escaped < 0)
                    {
                        return null;
                    }

                    if (escaped >= 0xD800 && escaped <= 0xDFFF)
                    {
                        // System.Text.Json refuses a lone surrogate (in names too, even of unknown
                        // members): a high one must be followed at once by an escaped low one.
                        int low = ReadLowSurrogate(json, ref pos, escaped);
                        if (low < 0)
                        {
                            return null;
                        }

                        chars.Append((char)escaped);
                        escaped = low;
                    }

                    chars.Append((char)escaped);
                    runStart = pos;
                }
                else if (b < 0x20)
                {
                    return null;
                }
                else
                {
                    pos++;
                }
            }

            return null;
        }

        // After an escaped high surrogate: the escaped low surrogate that must follow, or -1.
        private static int ReadLowSurrogate(byte[] json, ref int pos, int high)
        {
            if (high > 0xDBFF || pos + 1 >= json.Length || json[pos] != '\\' || json[pos + 1] != 'u')
            {
                return -1;
            }

            pos++;
            int low = ReadEscape(json, ref pos);
            return low >= 0xDC00 && low <= 0xDFFF ? low : -1;
        }

        // After a backslash: the escaped UTF-16 unit, or -1. A \u escape may be half of a
        // surrogate pair, which Read checks and rebuilds by appending both units.
        private static int ReadEscape(byte[] json, ref int pos)
        {
            if (pos >= json.Length)
            {
                return -1;
            }

            byte b = json[pos++];
            switch (b)
            {
                case (byte)'"': return '"';
                case (byte)'\\': return '\\';
                case (byte)'/': return '/';
                case (byte)'b': return '\b';
                case (byte)'f': return '\f';
                case (byte)'n': return '\n';
                case (byte)'r': return '\r';
                case (byte)'t': return '\t';
                case (byte)'u':
                    if (pos + 4 > json.Length)
                    {
                        return -1;
                    }

                    int unit = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int h = HexValue(json[pos++]);
                        if (h < 0)
                        {
                            return -1;
                        }

                        unit = (unit << 4) | h;
                    }

                    return unit;
                default:
                    return -1;
            }
        }

        private static int HexValue(byte b)
        {
            if (b >= '0' && b <= '9')
            {
                return b - '0';
            }

            if (b >= 'a' && b <= 'f')
            {
                return b - 'a' + 10;
            }

            if (b >= 'A' && b <= 'F')
            {
                return b - 'A' + 10;
            }

            return -1;
        }
    }
}
