using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed class FakeCardReader : ICardReader
{
    private readonly Queue<string> _cards = new();

    public void Present(string cardId) => _cards.Enqueue(cardId);

    public string? TryRead() => _cards.TryDequeue(out var card) ? card : null;
}
