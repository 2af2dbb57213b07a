using System;

namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// A growable char array for strings built piece by piece (unescaping): nanoFramework's
    /// mscorlib has no StringBuilder.
    /// </summary>
    public sealed class CharBuffer
    {
        private char[] _chars;
        private int _length;

        public CharBuffer(int capacity)
        {
            _chars = new char[capacity < 16 ? 16 : capacity];
        }

        public int Length
        {
            get { return _length; }
        }

        public void Append(char c)
        {
            EnsureRoom(1);
            _chars[_length++] = c;
        }

        public void Append(string text)
        {
            // One conversion (see ByteBuffer.AppendAscii): text[i] is O(i) on nanoFramework.
            char[] chars = text.ToCharArray();
            EnsureRoom(chars.Length);
            Array.Copy(chars, 0, _chars, _length, chars.Length);
            _length += chars.Length;
        }

        public override string ToString()
        {
            return new string(_chars, 0, _length);
        }

        private void EnsureRoom(int extra)
        {
            if (_length + extra > _chars.Length)
            {
                char[] bigger = new char[(_length + extra) * 2];
                Array.Copy(_chars, bigger, _length);
                _chars = bigger;
            }
        }
    }
}
