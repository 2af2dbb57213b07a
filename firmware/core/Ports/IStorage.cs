namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Durable key-value storage (flash on ESP32, files on a Raspberry Pi). Keys used by the core
    /// are short lowercase ASCII names made of [a-z0-9-] (at most 32 characters), so they are
    /// valid file names everywhere.
    /// </summary>
    public interface IStorage
    {
        /// <summary>The stored bytes, or null when the key is absent.</summary>
        byte[] Read(string key);

        /// <summary>Atomic per key: after a power cut the key holds either the old or the new bytes.</summary>
        void Write(string key, byte[] data);

        /// <summary>Removes the key; deleting an absent key is not an error.</summary>
        void Delete(string key);
    }
}
