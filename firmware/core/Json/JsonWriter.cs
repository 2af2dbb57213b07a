namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// Writes one JSON object (scalar members and string arrays) byte for byte as device-sdk's ProtocolCodec does
    /// (System.Text.Json, default encoder, no whitespace), so the gateway sees identical payloads
    /// from nanoFramework devices and .NET devices. A test compares both outputs.
    /// </summary>
    public sealed class JsonWriter
    {
        private static readonly byte[] HexDigits = new byte[]
        {
            (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7',
            (byte)'8', (byte)'9', (byte)'A', (byte)'B', (byte)'C', (byte)'D', (byte)'E', (byte)'F',
        };
        private readonly ByteBuffer _buffer = new ByteBuffer(128);
        private bool _hasMember;

        public JsonWriter()
        {
            _buffer.Append((byte)'{');
        }

        public void WriteString(string name, string value)
        {
            WriteName(name);
            WriteQuoted(value);
        }

        public void WriteNumber(string name, long value)
        {
            WriteName(name);
            WriteLong(_buffer, value);
        }

        public void WriteBool(string name, bool value)
        {
            WriteName(name);
            _buffer.AppendAscii(value ? "true" : "false");
        }

        public void WriteStringArray(string name, string[] values)
        {
            WriteName(name);
            _buffer.Append((byte)'[');
            for (int i = 0; values != null && i < values.Length; i++)
            {
                if (i > 0)
                {
                    _buffer.Append((byte)',');
                }

                WriteQuoted(values[i]);
            }

            _buffer.Append((byte)']');
        }

        /// <summary>Closes the object and returns its UTF-8 bytes; the writer is done after this.</summary>
        public byte[] ToArray()
        {
            _buffer.Append((byte)'}');
            return _buffer.ToArray();
        }

        /// <summary>Decimal digits without long.ToString so the output never depends on culture.</summary>
        public static void WriteLong(ByteBuffer buffer, long value)
        {
            if (value == 0)
            {
                buffer.Append((byte)'0');
                return;
            }

            byte[] digits = new byte[20];
            int n = 0;
            bool negative = value < 0;

            // Work on the negative range so long.MinValue needs no special case.
            long rest = negative ? value : -value;
            while (rest != 0)
            {
                long quotient = rest / 10;
                digits[n++] = (byte)('0' + (int)(quotient * 10 - rest));
                rest = quotient;
            }

            if (negative)
            {
                buffer.Append((byte)'-');
            }

            while (n > 0)
            {
                buffer.Append(digits[--n]);
            }
        }

        private void WriteName(string name)
        {
            if (_hasMember)
            {
                _buffer.Append((byte)',');
            }

            _hasMember = true;
            WriteQuoted(name);
            _buffer.Append((byte)':');
        }

        // System.Text.Json's default encoder keeps printable ASCII except the HTML-sensitive
        // characters and escapes everything else as \uXXXX (upper-case hex), with short forms for
        // \b \t \n \f \r and backslash; a lone surrogate becomes U+FFFD. The output is pure ASCII.
        private void WriteQuoted(string value)
        {
            // Protocol strings are never null (device-sdk refuses them); "" keeps a device
            // talking instead of crashing if an adapter passes null.
            if (value == null)
            {
                value = "";
            }

            // One conversion (see ByteBuffer.AppendAscii): value[i] is O(i) on nanoFramework.
            char[] chars = value.ToCharArray();
            _buffer.Append((byte)'"');
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
                    && c != '\'' && c != '+' && c != '`')
                {
                    _buffer.Append((byte)c);
                }
                else if (c == '\\')
                {
                    _buffer.AppendAscii("\\\\");
                }
                else if (c == '\b')
                {
                    _buffer.AppendAscii("\\b");
                }
                else if (c == '\t')
                {
                    _buffer.AppendAscii("\\t");
                }
                else if (c == '\n')
                {
                    _buffer.AppendAscii("\\n");
                }
                else if (c == '\f')
                {
                    _buffer.AppendAscii("\\f");
                }
                else if (c == '\r')
                {
                    _buffer.AppendAscii("\\r");
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars.Length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                {
                    WriteUnicodeEscape(c);
                    WriteUnicodeEscape(chars[++i]);
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    WriteUnicodeEscape((char)0xFFFD);
                }
                else
                {
                    WriteUnicodeEscape(c);
                }
            }

            _buffer.Append((byte)'"');
        }

        private void WriteUnicodeEscape(char c)
        {
            _buffer.AppendAscii("\\u");
            _buffer.Append(HexDigits[(c >> 12) & 0xF]);
            _buffer.Append(HexDigits[(c >> 8) & 0xF]);
            _buffer.Append(HexDigits[(c >> 4) & 0xF]);
            _buffer.Append(HexDigits[c & 0xF]);
        }
    }
}
