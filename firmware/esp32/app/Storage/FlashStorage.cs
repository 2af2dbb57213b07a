using System;
using System.IO;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Storage
{
    /// <summary>
    /// The core's storage port as one file per key on the ESP32's internal flash drive ("I:\"),
    /// which nanoFramework formats as LittleFS (nf-interpreter targets/ESP32/_littlefs/littlefs_FS_Driver.cpp;
    /// a 256 KB partition on 4 MB modules). A write truncates the file, writes and flushes: it is
    /// NOT atomic, and nothing here pretends otherwise. Earlier firmware renamed a temporary file
    /// over the key, but nanoFramework's File.Move refuses an existing destination and, when the
    /// native rename fails, falls back to copy + delete (System.IO.FileSystem File.cs, Move), so a
    /// rename was never a commit. The core keeps its own records crash-safe instead (two slots, a
    /// sequence and a CRC: SlotRecord; the offline list's two page sets), as IStorage says.
    /// </summary>
    public sealed class FlashStorage : IStorage
    {
        /// <summary>The core's keys are at most 32 characters of [a-z0-9-] (see IStorage).</summary>
        public const int MaxKeyLength = 32;

        private readonly string _root;

        /// <param name="root">A drive or directory ending in a backslash, e.g. "I:\".</param>
        public FlashStorage(string root)
        {
            if (root == null || !root.EndsWith("\\"))
            {
                throw new ArgumentException("Storage root must end with a backslash, e.g. I:\\.", "root");
            }

            _root = root;
        }

        public byte[] Read(string key)
        {
            string path = PathOf(key);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        public void Write(string key, byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            using (FileStream stream = new FileStream(PathOf(key), FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, data.Length);
                // The core writes the record that counts an entry only after the entry itself:
                // it must be on flash before Write returns.
                stream.Flush();
            }
        }

        public void Delete(string key)
        {
            File.Delete(PathOf(key));
        }

        private string PathOf(string key)
        {
            // A char[] once: on nanoFramework key[i] walks the UTF-8 string from its start.
            char[] chars = key == null ? new char[0] : key.ToCharArray();
            bool valid = chars.Length > 0 && chars.Length <= MaxKeyLength;
            for (int i = 0; valid && i < chars.Length; i++)
            {
                char c = chars[i];
                valid = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            }

            if (!valid)
            {
                throw new ArgumentException("Storage key must be 1-32 characters of [a-z0-9-].", "key");
            }

            return _root + key;
        }
    }
}
