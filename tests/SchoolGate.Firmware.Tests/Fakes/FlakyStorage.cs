using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>
/// Storage whose writes (or reads) fail on demand, like a flash sector that is busy or worn: a failed
/// write throws and leaves the key as it was.
/// </summary>
public sealed class FlakyStorage : IStorage
{
    public MemoryStorage Inner { get; } = new();

    /// <summary>Every write fails while set.</summary>
    public bool Failing { get; set; }

    /// <summary>How many of the next writes fail.</summary>
    public int FailNextWrites { get; set; }

    /// <summary>Every read fails while set.</summary>
    public bool FailingReads { get; set; }

    public byte[]? Read(string key) => FailingReads ? throw new IOException("flash read failed") : Inner.Read(key);

    public void Write(string key, byte[] data)
    {
        if (Failing || FailNextWrites > 0)
        {
            FailNextWrites = Math.Max(0, FailNextWrites - 1);
            throw new IOException("flash write failed");
        }

        Inner.Write(key, data);
    }

    public void Delete(string key) => Inner.Delete(key);
}
