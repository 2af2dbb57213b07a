using System;

namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// A growable byte array: nanoFramework's mscorlib has neither StringBuilder nor
    /// MemoryStream, and payloads are built byte by byte anyway.
    /// </summary>
    public sealed class ByteBuffer
    {
        private byte[] _bytes;
        private int _length;

        public ByteBuffer(int capacity)
        {
            _bytes = new byte[capacity < 16 ? 16 : capacity];
        }

        public int Length
        {
            get { return _length; }
        }

        public void Append(byte b)
        {
            if (_length == _bytes.Length)
            {
                byte[] bigger = new byte[_bytes.Length * 2];
                Array.Copy(_bytes, bigger, _length);
                _bytes = bigger;
            }

            _bytes[_length++] = b;
        }

        /// <summary>Appends characters that are known to be ASCII (field names, escapes, digits).</summary>
        public void AppendAscii(string ascii)
        {
            AppendAscii(ascii.ToCharArray());
        }

        /// <summary>
        /// The same from a char[]: callers convert a string once with ToCharArray, because on
        /// nanoFramework a string is UTF-8 inside the CLR and s[i] and s.Length walk it from the start
        /// (nf-interpreter src/CLR/CorLib/corlib_native_System_String.cpp, get_Chars), which makes a
        /// loop over s[i] quadratic.
        /// </summary>
        public void AppendAscii(char[] ascii)
        {
            for (int i = 0; i < ascii.Length; i++)
            {
                Append((byte)ascii[i]);
            }
        }

        public byte[] ToArray()
        {
            byte[] result = new byte[_length];
            Array.Copy(_bytes, result, _length);
            return result;
        }
    }
}
