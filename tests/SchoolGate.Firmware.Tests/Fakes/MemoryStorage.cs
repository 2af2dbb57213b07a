using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>Storage that survives a simulated reboot: hand the same instance to a new controller.</summary>
public sealed class MemoryStorage : IStorage
{
    public Dictionary<string, byte[]> Keys { get; } = new(StringComparer.Ordinal);

    public byte[]? Read(string key) => Keys.TryGetValue(key, out var data) ? (byte[])data.Clone() : null;

    public void Write(string key, byte[] data) => Keys[key] = (byte[])data.Clone();

    public void Delete(string key) => Keys.Remove(key);
}
