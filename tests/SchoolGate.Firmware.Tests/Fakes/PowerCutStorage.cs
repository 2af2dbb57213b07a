using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>
/// Flash that loses power in the middle of a write, as the ESP32's LittleFS drive may (IStorage
/// promises no atomicity): the chosen write leaves only the first half of its bytes, and every
/// call after it throws, as a dead device would. Reboot by handing <see cref="Flash"/> to new objects.
/// </summary>
public sealed class PowerCutStorage(MemoryStorage flash, int cutAtWrite) : IStorage
{
    private int _writes;

    public MemoryStorage Flash { get; } = flash;

    public bool PowerLost { get; private set; }

    public int Writes => _writes;

    public byte[]? Read(string key)
    {
        ThrowIfDead();
        return Flash.Read(key);
    }

    public void Write(string key, byte[] data)
    {
        ThrowIfDead();
        if (++_writes == cutAtWrite)
        {
            PowerLost = true;
            Flash.Write(key, data[..(data.Length / 2)]);
            throw new PowerCutException();
        }

        Flash.Write(key, data);
    }

    public void Delete(string key)
    {
        ThrowIfDead();
        Flash.Delete(key);
    }

    private void ThrowIfDead()
    {
        if (PowerLost)
        {
            throw new PowerCutException();
        }
    }
}

public sealed class PowerCutException() : Exception("power cut");
