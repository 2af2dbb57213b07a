using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

/// <summary>
/// A fingerprint module as an R503 or AS608 behaves: templates live in its own numbered slots,
/// a finger laid on it is searched against them and answered with the slot number, and a deleted
/// slot no longer matches. The "finger" is a name standing for the biometric data, which never
/// leaves the module.
/// </summary>
public sealed class FakeFingerprintModule : IFingerprintReader
{
    private readonly Dictionary<int, string> _slots = [];
    private readonly Queue<string> _laid = new();

    public FakeFingerprintModule(int capacity = 200) => Capacity = capacity;

    public int Capacity { get; }

    /// <summary>When true, the module answers every delete with an error (e.g. a UART fault).</summary>
    public bool FailDeletes { get; set; }

    public int DeleteCalls { get; private set; }

    public IReadOnlyCollection<int> Slots => _slots.Keys;

    /// <summary>Enrollment happens on the module itself (the finger laid three times at the lane).</summary>
    public void Enroll(int slot, string finger)
    {
        if (slot < 0 || slot >= Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(slot));
        }

        _slots[slot] = finger;
    }

    public void Lay(string finger) => _laid.Enqueue(finger);

    public int TryMatch()
    {
        if (!_laid.TryDequeue(out var finger))
        {
            return -1;
        }

        foreach (var (slot, template) in _slots)
        {
            if (template == finger)
            {
                return slot;
            }
        }

        return -1;
    }

    public bool Delete(int templateId)
    {
        DeleteCalls++;
        if (FailDeletes || templateId < 0 || templateId >= Capacity)
        {
            return false;
        }

        _slots.Remove(templateId);
        return true;
    }
}
