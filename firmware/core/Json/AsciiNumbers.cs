namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>Parses the small ASCII records the core keeps in storage ("12 7").</summary>
    public static class AsciiNumbers
    {
        /// <summary>
        /// Parses space-separated non-negative decimal integers; null if the text has any other
        /// shape or a number exceeds long.
        /// </summary>
        public static long[] ParseList(byte[] text, int expectedCount)
        {
            if (text == null)
            {
                return null;
            }

            long[] values = new long[expectedCount];
            int index = 0;
            int pos = 0;
            while (pos < text.Length)
            {
                if (index == expectedCount)
                {
                    return null;
                }

                int start = pos;
                long value = 0;
                while (pos < text.Length && text[pos] >= '0' && text[pos] <= '9')
                {
                    int digit = text[pos] - '0';
                    if (value > (long.MaxValue - digit) / 10)
                    {
                        return null;
                    }

                    value = value * 10 + digit;
                    pos++;
                }

                if (pos == start)
                {
                    return null;
                }

                values[index++] = value;
                if (pos < text.Length)
                {
                    if (text[pos] != ' ' || pos == text.Length - 1)
                    {
                        return null;
                    }

                    pos++;
                }
            }

            return index == expectedCount ? values : null;
        }

        /// <summary>
        /// Parses an optionally negative decimal integer from bytes [start, start+count) that are
        /// known to be a JSON integer (digits, at most a leading '-'); false when it exceeds long.
        /// </summary>
        public static bool TryParseLong(byte[] text, int start, int count, out long value)
        {
            value = 0;
            bool negative = count > 0 && text[start] == '-';
            int pos = negative ? start + 1 : start;
            int end = start + count;
            if (pos == end)
            {
                return false;
            }

            // Accumulated on the negative side, so long.MinValue fits.
            for (; pos < end; pos++)
            {
                int digit = text[pos] - '0';
                if (digit < 0 || digit > 9 || value < (long.MinValue + digit) / 10)
                {
                    return false;
                }

                value = value * 10 - digit;
            }

            if (!negative)
            {
                if (value == long.MinValue)
                {
                    return false;
                }

                value = -value;
            }

            return true;
        }

        public static byte[] FormatList(long[] values)
        {
            ByteBuffer buffer = new ByteBuffer(24 * values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    buffer.Append((byte)' ');
                }

                JsonWriter.WriteLong(buffer, values[i]);
            }

            return buffer.ToArray();
        }
    }
}
