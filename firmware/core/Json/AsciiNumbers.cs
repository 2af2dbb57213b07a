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
