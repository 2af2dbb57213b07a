namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// The lexical half of <see cref="JsonObjectReader"/>: a cursor over UTF-8 JSON that reads
    /// strings, numbers and literals and validates (then skips) whole values. Every method
    /// reports malformed input by its return value; none throws.
    /// </summary>
    public sealed class JsonScanner
    {
        // Unknown nested members are skipped, but a payload nested deeper than this is an attack
        // on a small stack, not a protocol message.
        private const int MaxDepth = 16;

        private readonly byte[] _json;
        private int _pos;

        public JsonScanner(byte[] json)
        {
            _json = json;
        }

        /// <summary>A cursor that starts at <paramref name="position"/>, e.g. to re-read a value found earlier.</summary>
        public JsonScanner(byte[] json, int position)
        {
            _json = json;
            _pos = position;
        }

        /// <summary>The index of the next byte to read.</summary>
        public int Position
        {
            get { return _pos; }
        }

        public bool AtEnd
        {
            get { return _pos >= _json.Length; }
        }

        /// <summary>The next byte, or 0 at the end.</summary>
        public byte Peek()
        {
            return _pos < _json.Length ? _json[_pos] : (byte)0;
        }

        /// <summary>Skips a UTF-8 byte order mark, which System.Text.Json also accepts.</summary>
        public void SkipByteOrderMark()
        {
            if (_pos == 0 && _json.Length >= 3 && _json[0] == 0xEF && _json[1] == 0xBB && _json[2] == 0xBF)
            {
                _pos = 3;
            }
        }

        /// <summary>Validates and skips any JSON value.</summary>
        public bool SkipValue()
        {
            return SkipValue(1);
        }

        private bool SkipValue(int depth)
        {
            if (depth > MaxDepth || _pos >= _json.Length)
            {
                return false;
            }

            byte b = _json[_pos];
            if (b == '"')
            {
                return ParseString() != null;
            }

            if (b == '{' || b == '[')
            {
                bool isObject = b == '{';
                byte close = isObject ? (byte)'}' : (byte)']';
                _pos++;
                SkipWhitespace();
                if (Consume(close))
                {
                    return true;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (isObject)
                    {
                        if (ParseString() == null)
                        {
                            return false;
                        }

                        SkipWhitespace();
                        if (!Consume((byte)':'))
                        {
                            return false;
                        }

                        SkipWhitespace();
                    }

                    if (!SkipValue(depth + 1))
                    {
                        return false;
                    }

                    SkipWhitespace();
                    if (Consume(close))
                    {
                        return true;
                    }

                    if (!Consume((byte)','))
                    {
                        return false;
                    }
                }
            }

            if (ConsumeLiteral("true") || ConsumeLiteral("false") || ConsumeLiteral("null"))
            {
                return true;
            }

            return ParseNumber(new JsonMember());
        }

        /// <summary>Reads a number into <paramref name="member"/>; IsInteger tells whether it is an integer that fits in a long.</summary>
        // number = [ "-" ] ( "0" / 1-9 *DIGIT ) [ "." 1*DIGIT ] [ ("e"/"E") ["+"/"-"] 1*DIGIT ]
        public bool ParseNumber(JsonMember member)
        {
            bool negative = Consume((byte)'-');
            if (_pos >= _json.Length || !IsDigit(_json[_pos]))
            {
                return false;
            }

            // Accumulate negatively so long.MinValue parses without overflow.
            long value = 0;
            bool fits = true;
            if (_json[_pos] == '0')
            {
                _pos++;
            }
            else
            {
                while (_pos < _json.Length && IsDigit(_json[_pos]))
                {
                    int digit = _json[_pos] - '0';
                    if (value < (long.MinValue + digit) / 10)
                    {
                        fits = false;
                    }
                    else
                    {
                        value = value * 10 - digit;
                    }

                    _pos++;
                }
            }

            bool integer = true;
            if (Consume((byte)'.'))
            {
                integer = false;
                if (!ConsumeDigits())
                {
                    return false;
                }
            }

            if (_pos < _json.Length && (_json[_pos] == 'e' || _json[_pos] == 'E'))
            {
                integer = false;
                _pos++;
                if (!Consume((byte)'+'))
                {
                    Consume((byte)'-');
                }

                if (!ConsumeDigits())
                {
                    return false;
                }
            }

            if (!negative && value == long.MinValue)
            {
                fits = false;
            }

            member.IsInteger = integer && fits;
            member.Integer = member.IsInteger ? (negative ? value : -value) : 0;
            return true;
        }

        private bool ConsumeDigits()
        {
            int start = _pos;
            while (_pos < _json.Length && IsDigit(_json[_pos]))
            {
                _pos++;
            }

            return _pos > start;
        }

        /// <summary>The unescaped string at the cursor (which must be at its opening quote), or null if malformed.</summary>
        // Returns the unescaped string at _pos (which must be '"'), or null if it is malformed:
        // raw control characters, bad escapes or invalid UTF-8.
        public string ParseString()
        {
            if (!Consume((byte)'"'))
            {
                return null;
            }

            char[] chars = null;
            int count = 0;
            int runStart = _pos;
            while (_pos < _json.Length)
            {
                byte b = _json[_pos];
                if (b == '"' || b == '\\')
                {
                    string run = Utf8.Decode(_json, runStart, _pos - runStart);
                    if (run == null)
                    {
                        return null;
                    }

                    chars = Append(chars, ref count, run);
                    _pos++;
                    if (b == '"')
                    {
                        return new string(chars, 0, count);
                    }

                    int escaped = ParseEscape();
                    if (escaped < 0)
                    {
                        return null;
                    }

                    chars = Append(chars, ref count, new string((char)escaped, 1));
                    runStart = _pos;
                }
                else if (b < 0x20)
                {
                    return null;
                }
                else
                {
                    _pos++;
                }
            }

            return null;
        }

        // After a backslash: the escaped UTF-16 unit, or -1.
        private int ParseEscape()
        {
            if (_pos >= _json.Length)
            {
                return -1;
            }

            byte b = _json[_pos++];
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
                    if (_pos + 4 > _json.Length)
                    {
                        return -1;
                    }

                    int unit = 0;
                    for (int i = 0; i < 4; i++)
                    {
                        int h = HexValue(_json[_pos++]);
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

        private static char[] Append(char[] chars, ref int count, string text)
        {
            if (chars == null)
            {
                chars = new char[text.Length + 16];
            }
            else if (count + text.Length > chars.Length)
            {
                char[] bigger = new char[(count + text.Length) * 2];
                for (int i = 0; i < count; i++)
                {
                    bigger[i] = chars[i];
                }

                chars = bigger;
            }

            for (int i = 0; i < text.Length; i++)
            {
                chars[count++] = text[i];
            }

            return chars;
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

        private static bool IsDigit(byte b)
        {
            return b >= '0' && b <= '9';
        }

        public bool Consume(byte expected)
        {
            if (_pos < _json.Length && _json[_pos] == expected)
            {
                _pos++;
                return true;
            }

            return false;
        }

        public bool ConsumeLiteral(string literal)
        {
            if (_pos + literal.Length > _json.Length)
            {
                return false;
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_json[_pos + i] != literal[i])
                {
                    return false;
                }
            }

            _pos += literal.Length;
            return true;
        }

        public void SkipWhitespace()
        {
            while (_pos < _json.Length)
            {
                byte b = _json[_pos];
                if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
                {
                    return;
                }

                _pos++;
            }
        }
    }
}
