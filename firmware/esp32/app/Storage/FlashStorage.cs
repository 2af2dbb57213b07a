using System;
using System.IO;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Storage
{
    /// <summary>
    /// The core's storage port as one file per key on the ESP32's internal flash drive ("I:\").
    /// nanoFramework's File.Move never overwrites, so the Raspberry Pi's write-then-rename-over
    /// becomes a small protocol, atomic as long as a rename is (a metadata update in the flash
    /// file system):
    /// <list type="number">
    /// <item>write the bytes to "key.t" and flush (a power cut here leaves a torn ".t": ignored);</item>
    /// <item>rename "key.t" to "key.n" (from now on the new value is complete and wins);</item>
    /// <item>delete "key", rename "key.n" to "key".</item>
    /// </list>
    /// Every access to a key first finishes an interrupted write: a ".n" replaces the key and a
    /// ".t" is dropped. A power cut therefore leaves the old value or the new one, never half.
    /// </summary>
    public sealed class FlashStorage : IStorage
    {
        /// <summary>The core's keys are at most 32 characters of [a-z0-9-] (see IStorage).</summary>
        public const int MaxKeyLength = 32;

        private const string TornSuffix = ".t";
        private const string CompleteSuffix = ".n";

        private readonly string _root;

        /// <param name="root">A drive or directory ending in a backslash, e.g. "I:\".</param>
        public FlashStorage(string root)
        {
            if (root == null || root.Length == 0 || root[root.Length - 1] != '\\')
            {
                throw new ArgumentException("Storage root must end with a backslash, e.g. I:\\.", "root");
            }

            _root = root;
        }

        public byte[] Read(string key)
        {
            string path = PathOf(key);
            Recover(path);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }

        public void Write(string key, byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            string path = PathOf(key);
            Recover(path);
            string torn = path + TornSuffix;
            string complete = path + CompleteSuffix;
            using (FileStream stream = new FileStream(torn, FileMode.Create, FileAccess.Write))
            {
                stream.Write(data, 0, data.Length);
                stream.Flush();
            }

            File.Move(torn, complete);
            File.Delete(path);
            File.Move(complete, path);
        }

        public void Delete(string key)
        {
            string path = PathOf(key);
            // The complete copy first: deleting the key first could let Recover bring it back.
            File.Delete(path + CompleteSuffix);
            File.Delete(path + TornSuffix);
            File.Delete(path);
        }

        /// <summary>Finishes (or drops) a write a power cut interrupted; File.Delete of a missing file is a no-op.</summary>
        private static void Recover(string path)
        {
            string complete = path + CompleteSuffix;
            if (File.Exists(complete))
            {
                File.Delete(path);
                File.Move(complete, path);
            }

            File.Delete(path + TornSuffix);
        }

        private string PathOf(string key)
        {
            if (key == null || key.Length == 0 || key.Length > MaxKeyLength)
            {
                throw new ArgumentException("Storage key must be 1-32 characters of [a-z0-9-].", "key");
            }

            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                {
                    throw new ArgumentException("Storage key must be 1-32 characters of [a-z0-9-].", "key");
                }
            }

            return _root + key;
        }
    }
}
