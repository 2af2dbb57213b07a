namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// UTF-8 without System.Text.Encoding, which nanoFramework keeps in a separate package.
    /// Decoding is strict (as System.Text.Json is): overlong forms, surrogates encoded as bytes,
    /// truncated sequences and code points above U+10FFFF are rejected.
    /// </summary>
    public static class Utf8
    {
        public static byte[] Encode(string text)
        {
            // One conversion (see ByteBuffer.AppendAscii): text[i] is O(i) on nanoFramework.
            char[] chars = text.ToCharArray();
            ByteBuffer buffer = new ByteBuffer(chars.Length + 8);
            for (int i = 0; i < chars.Length; i++)
            {
                int c = chars[i];
                if (c >= 0xD800 && c <= 0xDBFF && i + 1 < chars.Length && chars[i + 1] >= 0xDC00 && chars[i + 1] <= 0xDFFF)
                {
                    c = 0x10000 + ((c - 0xD800) << 10) + (chars[i + 1] - 0xDC00);
                    i++;
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate has no UTF-8 form; U+FFFD is what .NET's encoder writes too.
                    c = 0xFFFD;
                }

                AppendCodePoint(buffer, c);
            }

            return buffer.ToArray();
        }

        /// <summary>Decodes bytes [start, start+count); null when they are not valid UTF-8.</summary>
        public static string Decode(byte[] bytes, int start, int count)
        {
            char[] chars = new char[count];
            int n = 0;
            int end = start + count;
            int i = start;
            while (i < end)
            {
                int b = bytes[i];
                int cp;
                int extra;
                if (b < 0x80)
                {
                    chars[n++] = (char)b;
                    i++;
                    continue;
                }
                else if ((b & 0xE0) == 0xC0)
                {
                    cp = b & 0x1F;
                    extra = 1;
                }
                else if ((b & 0xF0) == 0xE0)
                {
                    cp = b & 0x0F;
                    extra = 2;
                }
                else if ((b & 0xF8) == 0xF0)
                {
                    cp = b & 0x07;
                    extra = 3;
                }
                else
                {
                    return null;
                }

                if (i + extra >= end)
                {
                    return null;
                }

                for (int k = 1; k <= extra; k++)
                {
                    int next = bytes[i + k];
                    if ((next & 0xC0) != 0x80)
                    {
                        return null;
                    }

                    cp = (cp << 6) | (next & 0x3F);
                }

                bool overlong = (extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
                if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return null;
                }

                if (cp >= 0x10000)
                {
                    cp -= 0x10000;
                    chars[n++] = (char)(0xD800 + (cp >> 10));
                    chars[n++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)cp;
                }

                i += extra + 1;
            }

            return new string(chars, 0, n);
        }

        private static void AppendCodePoint(ByteBuffer buffer, int c)
        {
            if (c < 0x80)
            {
                buffer.Append((byte)c);
            }
            else if (c < 0x800)
            {
                buffer.Append((byte)(0xC0 | (c >> 6)));
                buffer.Append((byte)(0x80 | (c & 0x3F)));
            }
            else if (c < 0x10000)
            {
                buffer.Append((byte)(0xE0 | (c >> 12)));
                buffer.Append((byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.Append((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                buffer.Append((byte)(0xF0 | (c >> 18)));
                buffer.Append((byte)(0x80 | ((c >> 12) & 0x3F)));
                buffer.Append((byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.Append((byte)(0x80 | (c & 0x3F)));
            }
        }
    }
}
