namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Durable key-value storage (flash on ESP32, files on a Raspberry Pi). Keys used by the core
    /// are short lowercase ASCII names made of [a-z0-9-] (at most 32 characters), so they are
    /// valid file names everywhere. Values the core reads back at boot are at most 4 KB each
    /// (an offline-list page), so reading never needs a larger allocation.
    /// </summary>
    /// <remarks>
    /// Not atomic: a power cut during <see cref="Write"/> may leave the old bytes, the new bytes,
    /// a torn mix or no key at all (the ESP32's LittleFS drive gives no atomic replace). The core
    /// never depends on more: records it must not lose are written as two slots with a sequence
    /// and a CRC (Storage/SlotRecord), and everything else is written before the record that
    /// refers to it.
    /// </remarks>
    public interface IStorage
    {
        /// <summary>The stored bytes, or null when the key is absent.</summary>
        byte[] Read(string key);

        /// <summary>Replaces the key's bytes; returns once they are durable (flushed).</summary>
        void Write(string key, byte[] data);

        /// <summary>Removes the key; deleting an absent key is not an error.</summary>
        void Delete(string key);
    }
}
