namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// The byte-by-byte part of <see cref="JsonStepReader"/>: strings (escapes, surrogate pairs,
    /// strict UTF-8), numbers (the RFC 8259 grammar) and the literals, each resumable at any byte.
    /// </summary>
    public sealed partial class JsonStepReader
    {
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
    }
}
