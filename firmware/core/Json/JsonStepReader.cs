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
    public sealed partial class JsonStepReader
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
