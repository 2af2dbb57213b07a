using System;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Core.Storage
{
    /// <summary>
    /// A small record that survives a power cut in the middle of its own write, on storage that
    /// promises nothing about atomicity (the ESP32's LittleFS drive: nanoFramework's File.Move
    /// falls back to copy + delete when the native rename fails, so rename-over is not a commit).
    /// Two keys ("{key}-a", "{key}-b") alternate; each holds a sequence number, the length and a
    /// CRC-32 of the data. A write goes to the slot that does NOT hold the newest record, so the
    /// newest record is never touched while the next one is written: after a cut, the newer valid
    /// slot is the last completed write, or the one before it.
    /// </summary>
    /// <remarks>Slot layout: 'S' 'G' 1, sequence (int64 LE), length (int32 LE), CRC-32 of sequence+length+data (LE), data.</remarks>
    public sealed class SlotRecord
    {
        public const int HeaderLength = 19;

        private const byte FormatVersion = 1;

        private readonly IStorage _storage;
        private readonly string[] _keys;
        private long _sequence;
        private int _newestSlot = -1;
        private bool _loaded;
        private int _corruptSlots;

        public SlotRecord(IStorage storage, string key)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
            _keys = new string[] { key + "-a", key + "-b" };
        }

        /// <summary>Slots present but unreadable at the last <see cref="Read"/> (a torn write leaves one).</summary>
        public int CorruptSlots
        {
            get { return _corruptSlots; }
        }

        /// <summary>The newest valid record, or null when neither slot holds one.</summary>
        public byte[] Read()
        {
            _loaded = true;
            _corruptSlots = 0;
            _newestSlot = -1;
            _sequence = 0;
            byte[] newest = null;
            for (int slot = 0; slot < 2; slot++)
            {
                byte[] stored = _storage.Read(_keys[slot]);
                if (stored == null)
                {
                    continue;
                }

                long sequence;
                if (!TryCheck(stored, out sequence))
                {
                    _corruptSlots++;
                    continue;
                }

                if (_newestSlot < 0 || sequence > _sequence)
                {
                    _newestSlot = slot;
                    _sequence = sequence;
                    newest = stored;
                }
            }

            if (newest == null)
            {
                return null;
            }

            byte[] data = new byte[newest.Length - HeaderLength];
            Array.Copy(newest, HeaderLength, data, 0, data.Length);
            return data;
        }

        public void Write(byte[] data)
        {
            if (!_loaded)
            {
                Read();
            }

            long sequence = _sequence + 1;
            int slot = _newestSlot == 0 ? 1 : 0;
            byte[] stored = new byte[HeaderLength + data.Length];
            stored[0] = (byte)'S';
            stored[1] = (byte)'G';
            stored[2] = FormatVersion;
            WriteInt64(stored, 3, sequence);
            WriteInt32(stored, 11, data.Length);
            Array.Copy(data, 0, stored, HeaderLength, data.Length);
            WriteInt32(stored, 15, (int)Checksum(stored));
            _storage.Write(_keys[slot], stored);
            _sequence = sequence;
            _newestSlot = slot;
        }

        public void Delete()
        {
            _storage.Delete(_keys[0]);
            _storage.Delete(_keys[1]);
            _loaded = true;
            _newestSlot = -1;
            _sequence = 0;
        }

        private static bool TryCheck(byte[] stored, out long sequence)
        {
            sequence = 0;
            if (stored.Length < HeaderLength || stored[0] != 'S' || stored[1] != 'G' || stored[2] != FormatVersion)
            {
                return false;
            }

            int length = ReadInt32(stored, 11);
            if (length != stored.Length - HeaderLength)
            {
                return false;
            }

            if ((int)Checksum(stored) != ReadInt32(stored, 15))
            {
                return false;
            }

            sequence = ReadInt64(stored, 3);
            return true;
        }

        // Over sequence and length (bytes 3-14) and the data, skipping the checksum field itself.
        private static uint Checksum(byte[] stored)
        {
            uint crc = Crc32.Update(Crc32.Start, stored, 3, 12);
            return Crc32.Finish(Crc32.Update(crc, stored, HeaderLength, stored.Length - HeaderLength));
        }

        private static void WriteInt32(byte[] b, int at, int value)
        {
            for (int i = 0; i < 4; i++)
            {
                b[at + i] = (byte)(value >> (8 * i));
            }
        }

        private static int ReadInt32(byte[] b, int at)
        {
            return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
        }

        private static void WriteInt64(byte[] b, int at, long value)
        {
            for (int i = 0; i < 8; i++)
            {
                b[at + i] = (byte)(value >> (8 * i));
            }
        }

        private static long ReadInt64(byte[] b, int at)
        {
            long value = 0;
            for (int i = 7; i >= 0; i--)
            {
                value = (value << 8) | b[at + i];
            }

            return value;
        }
    }
}
