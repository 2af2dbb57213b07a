using System.Collections.Concurrent;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Simulator.Devices;

/// <summary>An RFID reader whose antenna is a queue: a test or the simulator "taps" card ids on it.</summary>
public sealed class VirtualCardReader : ICardReader
{
    private readonly ConcurrentQueue<string> _taps = new();

    public void Tap(string cardId) => _taps.Enqueue(cardId);

    public string? TryRead() => _taps.TryDequeue(out var card) ? card : null;
}
