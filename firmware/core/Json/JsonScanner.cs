namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// The lexical half of <see cref="JsonObjectReader"/>: a cursor over UTF-8 JSON that reads
    /// punctuation and literals, strings (<see cref="JsonStringLexer"/>) and numbers
    /// (<see cref="JsonNumberLexer"/>), and validates (then skips) whole values. Every method
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

        /// <summary>
        /// Skips a UTF-8 byte order mark, which RFC 8259 lets a reader ignore. A deliberate
        /// leniency: ProtocolCodec (System.Text.Json over a span) refuses it; it changes no value.
        /// </summary>
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
        public bool ParseNumber(JsonMember member)
        {
            return JsonNumberLexer.Read(_json, ref _pos, member);
        }

        /// <summary>The unescaped string at the cursor (which must be at its opening quote), or null if malformed.</summary>
        public string ParseString()
        {
            return JsonStringLexer.Read(_json, ref _pos);
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

        public bool ConsumeLiteral(string text)
        {
            // A char[] once: on nanoFramework text[i] walks the UTF-8 string from its start.
            char[] literal = text.ToCharArray();
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
