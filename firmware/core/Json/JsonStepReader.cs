namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// A strict JSON tokenizer (the rules of <see cref="JsonObjectReader"/>: RFC 8259 as
    /// System.Text.Json reads it, strict UTF-8, no lone surrogate escapes, nesting up to
    /// <see cref="MaxDepth"/>, nothing after the top-level value) that can stop after any byte and
    /// resume on the next call. It exists for payloads too large to read in one loop step on an
    /// ESP32 (an access list is tens of KB; nanoFramework interprets IL, so one pass over it would
    /// hold the lane for a second): the caller gives each step a byte budget
    /// (<see cref="BeginStep"/>) and <see cref="Read"/> returns <see cref="JsonToken.None"/> once
    /// it is spent, keeping its place, even in the middle of a string or a number.
    /// </summary>
    public sealed class JsonStepReader
    {
        public const int MaxDepth = 16;

        private const int StartState = 0;
        private const int ValueState = 1;
        private const int FirstMemberState = 2;
        private const int MemberState = 3;
        private const int ColonState = 4;
        private const int FirstItemState = 5;
        private const int AfterValueState = 6;
        private const int TrailingState = 7;
        private const int StringState = 8;
        private const int NumberState = 9;
        private const int LiteralState = 10;
        private const int DoneState = 11;
        private const int FailedState = 12;

        // Number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        private const int NumSign = 0;
        private const int NumZero = 1;
        private const int NumInt = 2;
        private const int NumDot = 3;
        private const int NumFrac = 4;
        private const int NumExp = 5;
        private const int NumExpSign = 6;
        private const int NumExpDigits = 7;

        private static readonly byte[] TrueBytes = new byte[] { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseBytes = new byte[] { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        private static readonly byte[] NullBytes = new byte[] { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };

        private readonly byte[] _bytes;
        private readonly byte[] _containers = new byte[MaxDepth];
        private int _depth;
        private int _pos;
        private int _state;
        private int _stepLeft;
        private long _consumed;

        private bool _stringIsName;
        private int _escape;
        private int _hex;
        private bool _expectLowSurrogate;
        private int _utf8Left;
        private int _utf8Value;
        private int _utf8Min;
        private int _numberState;
        private byte[] _literal;
        private int _literalIndex;
        private int _literalToken;

        public JsonStepReader(byte[] bytes)
        {
            _bytes = bytes == null ? new byte[0] : bytes;
        }

        /// <summary>Containers open around the current position (1 inside the top-level object).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>First byte of the last token (for strings: after the opening quote).</summary>
        public int TokenStart;

        /// <summary>End (exclusive) of the last token (for strings: the closing quote).</summary>
        public int TokenEnd;

        /// <summary>The last string or property name contained a backslash escape.</summary>
        public bool TokenHasEscapes;

        /// <summary>The last number had neither a fraction nor an exponent.</summary>
        public bool NumberIsInteger;

        /// <summary>Bytes consumed since the reader was created: the unit of work of a step.</summary>
        public long Consumed
        {
            get { return _consumed; }
        }

        public byte[] Bytes
        {
            get { return _bytes; }
        }

        public void BeginStep(int budget)
        {
            _stepLeft = budget;
        }

        /// <summary>The next token, <see cref="JsonToken.None"/> when the step's budget is spent.</summary>
        public int Read()
        {
            while (true)
            {
                if (_state == DoneState)
                {
                    return JsonToken.End;
                }

                if (_state == FailedState)
                {
                    return JsonToken.Error;
                }

                if (_pos == _bytes.Length)
                {
                    return AtEndOfInput();
                }

                if (_stepLeft <= 0)
                {
                    return JsonToken.None;
                }

                int token = Consume(_bytes[_pos]);
                if (token != JsonToken.None)
                {
                    return token;
                }
            }
        }

        private int AtEndOfInput()
        {
            if (_state == TrailingState || (_state == AfterValueState && _depth == 0))
            {
                _state = DoneState;
                return JsonToken.End;
            }

            if (_state == NumberState && _depth == 0 && IsCompleteNumber())
            {
                return FinishNumber();
            }

            return Fail();
        }

        // Handles one byte (or, where a token ends without consuming its delimiter, none) and
        // returns a completed token or None.
        private int Consume(int b)
        {
            switch (_state)
            {
                case StringState:
                    return StringByte(b);
                case NumberState:
                    return NumberByte(b);
                case LiteralState:
                    return LiteralByte(b);
            }

            if (b == ' ' || b == '\t' || b == '\n' || b == '\r')
            {
                Take();
                return JsonToken.None;
            }

            switch (_state)
            {
                case StartState:
                    if (_pos == 0 && b == 0xEF && _bytes.Length >= 3 && _bytes[1] == 0xBB && _bytes[2] == 0xBF)
                    {
                        // A UTF-8 byte order mark: RFC 8259 lets a parser ignore it.
                        _pos += 3;
                        _consumed += 3;
                        _stepLeft -= 3;
                        return JsonToken.None;
                    }

                    return StartValue(b);
                case ValueState:
                    return StartValue(b);
                case FirstItemState:
                    if (b == ']')
                    {
                        return Close((byte)'[');
                    }

                    return StartValue(b);
                case FirstMemberState:
                    if (b == '}')
                    {
                        return Close((byte)'{');
                    }

                    return StartName(b);
                case MemberState:
                    return StartName(b);
                case ColonState:
                    if (b != ':')
                    {
                        return Fail();
                    }

                    Take();
                    _state = ValueState;
                    return JsonToken.None;
                case AfterValueState:
                    return AfterValue(b);
                default:
                    // TrailingState: only whitespace may follow the top-level value.
                    return Fail();
            }
        }

        private int StartValue(int b)
        {
            TokenStart = _pos;
            if (b == '{' || b == '[')
            {
                if (_depth == MaxDepth)
                {
                    return Fail();
                }

                _containers[_depth++] = (byte)b;
                Take();
                TokenEnd = _pos;
                _state = b == '{' ? FirstMemberState : FirstItemState;
                return b == '{' ? JsonToken.StartObject : JsonToken.StartArray;
            }

            if (b == '"')
            {
                return StartString(false);
            }

            if (b == '-' || (b >= '0' && b <= '9'))
            {
                _numberState = b == '-' ? NumSign : (b == '0' ? NumZero : NumInt);
                NumberIsInteger = true;
                Take();
                _state = NumberState;
                return JsonToken.None;
            }

            if (b == 't' || b == 'f' || b == 'n')
            {
                _literal = b == 't' ? TrueBytes : (b == 'f' ? FalseBytes : NullBytes);
                _literalToken = b == 't' ? JsonToken.True : (b == 'f' ? JsonToken.False : JsonToken.Null);
                _literalIndex = 1;
                Take();
                _state = LiteralState;
                return JsonToken.None;
            }

            return Fail();
        }

        private int StartName(int b)
        {
            return b == '"' ? StartString(true) : Fail();
        }

        private int StartString(bool isName)
        {
            Take();
            TokenStart = _pos;
            TokenHasEscapes = false;
            _stringIsName = isName;
            _escape = 0;
            _expectLowSurrogate = false;
            _utf8Left = 0;
            _state = StringState;
            return JsonToken.None;
        }

        private int AfterValue(int b)
        {
            if (_depth == 0)
            {
                _state = TrailingState;
                return Fail();
            }

            byte container = _containers[_depth - 1];
            if (b == ',')
            {
                Take();
                _state = container == '{' ? MemberState : ValueState;
                return JsonToken.None;
            }

            if ((b == '}' && container == '{') || (b == ']' && container == '['))
            {
                return Close(container);
            }

            return Fail();
        }

        private int Close(byte container)
        {
            TokenStart = _pos;
            Take();
            TokenEnd = _pos;
            _depth--;
            _state = _depth == 0 ? TrailingState : AfterValueState;
            return container == '{' ? JsonToken.EndObject : JsonToken.EndArray;
        }

        private int StringByte(int b)
        {
            if (_escape == 1)
            {
                Take();
                if (b == 'u')
                {
                    _escape = 2;
                    _hex = 0;
                    return JsonToken.None;
                }

                _escape = 0;
                bool simple = b == '"' || b == '\\' || b == '/' || b == 'b' || b == 'f' || b == 'n' || b == 'r' || b == 't';
                return simple && !_expectLowSurrogate ? JsonToken.None : Fail();
            }

            if (_escape >= 2)
            {
                return HexDigit(b);
            }

            if (_expectLowSurrogate && b != '\\')
            {
                return Fail();
            }

            if (_utf8Left > 0)
            {
                return Continuation(b);
            }

            if (b == '"')
            {
                TokenEnd = _pos;
                Take();
                _state = _stringIsName ? ColonState : AfterValueState;
                return _stringIsName ? JsonToken.PropertyName : JsonToken.String;
            }

            Take();
            if (b == '\\')
            {
                _escape = 1;
                TokenHasEscapes = true;
                return JsonToken.None;
            }

            if (b < 0x20)
            {
                return Fail();
            }

            if (b < 0x80)
            {
                return JsonToken.None;
            }

            if ((b & 0xE0) == 0xC0)
            {
                return StartSequence(b & 0x1F, 1, 0x80);
            }

            if ((b & 0xF0) == 0xE0)
            {
                return StartSequence(b & 0x0F, 2, 0x800);
            }

            if ((b & 0xF8) == 0xF0)
            {
                return StartSequence(b & 0x07, 3, 0x10000);
            }

            return Fail();
        }

        private int StartSequence(int value, int left, int min)
        {
            _utf8Value = value;
            _utf8Left = left;
            _utf8Min = min;
            return JsonToken.None;
        }

        private int Continuation(int b)
        {
            Take();
            if ((b & 0xC0) != 0x80)
            {
                return Fail();
            }

            _utf8Value = (_utf8Value << 6) | (b & 0x3F);
            if (--_utf8Left > 0)
            {
                return JsonToken.None;
            }

            // Overlong forms, UTF-16 surrogates encoded as bytes and values past U+10FFFF.
            bool bad = _utf8Value < _utf8Min || _utf8Value > 0x10FFFF || (_utf8Value >= 0xD800 && _utf8Value <= 0xDFFF);
            return bad ? Fail() : JsonToken.None;
        }

        private int HexDigit(int b)
        {
            int v = b >= '0' && b <= '9' ? b - '0' : (b >= 'a' && b <= 'f' ? b - 'a' + 10 : (b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1));
            if (v < 0)
            {
                return Fail();
            }

            Take();
            _hex = (_hex << 4) | v;
            if (++_escape < 6)
            {
                return JsonToken.None;
            }

            _escape = 0;
            bool high = _hex >= 0xD800 && _hex <= 0xDBFF;
            bool low = _hex >= 0xDC00 && _hex <= 0xDFFF;
            if (_expectLowSurrogate)
            {
                _expectLowSurrogate = false;
                return low ? JsonToken.None : Fail();
            }

            if (low)
            {
                return Fail();
            }

            _expectLowSurrogate = high;
            return JsonToken.None;
        }

        private int NumberByte(int b)
        {
            bool digit = b >= '0' && b <= '9';
            int next = -1;
            switch (_numberState)
            {
                case NumSign:
                    next = digit ? (b == '0' ? NumZero : NumInt) : -1;
                    break;
                case NumZero:
                    next = b == '.' ? NumDot : (b == 'e' || b == 'E' ? NumExp : -2);
                    break;
                case NumInt:
                    next = digit ? NumInt : (b == '.' ? NumDot : (b == 'e' || b == 'E' ? NumExp : -2));
                    break;
                case NumDot:
                    next = digit ? NumFrac : -1;
                    break;
                case NumFrac:
                    next = digit ? NumFrac : (b == 'e' || b == 'E' ? NumExp : -2);
                    break;
                case NumExp:
                    next = digit ? NumExpDigits : (b == '+' || b == '-' ? NumExpSign : -1);
                    break;
                case NumExpSign:
                    next = digit ? NumExpDigits : -1;
                    break;
                case NumExpDigits:
                    next = digit ? NumExpDigits : -2;
                    break;
            }

            if (next == -1)
            {
                return Fail();
            }

            if (next == -2)
            {
                // The number ended at a byte that is not part of it; AfterValue judges that byte.
                return FinishNumber();
            }

            if (next == NumDot || next == NumExp)
            {
                NumberIsInteger = false;
            }

            _numberState = next;
            Take();
            return JsonToken.None;
        }

        private bool IsCompleteNumber()
        {
            return _numberState == NumZero || _numberState == NumInt || _numberState == NumFrac || _numberState == NumExpDigits;
        }

        private int FinishNumber()
        {
            TokenEnd = _pos;
            _state = AfterValueState;
            return JsonToken.Number;
        }

        private int LiteralByte(int b)
        {
            if (b != _literal[_literalIndex])
            {
                return Fail();
            }

            Take();
            if (++_literalIndex < _literal.Length)
            {
                return JsonToken.None;
            }

            TokenEnd = _pos;
            _state = AfterValueState;
            return _literalToken;
        }

        private void Take()
        {
            _pos++;
            _consumed++;
            _stepLeft--;
        }

        private int Fail()
        {
            _state = FailedState;
            return JsonToken.Error;
        }
    }
}
