namespace SchoolGate.Firmware.RaspberryPi.CardReader;

/// <summary>
/// Turns raw ISO 14443A reads into taps. A card resting on the antenna answers every poll, so the
/// same UID seen again within <c>repeatWindowMs</c> of its last sighting is the same tap; a card
/// held there for a minute is still one tap. Not thread-safe: the reader's poll thread owns it.
/// </summary>
public sealed class CardTapFilter
{
    /// <summary>ISO 14443A UIDs are 4, 7 or 10 bytes; longer cannot be a card and would not fit a protocol id.</summary>
    public const int MaxUidBytes = 10;

    private readonly long _repeatWindowMs;
    private string? _lastCard;
    private long _lastSeenMs;

    public CardTapFilter(long repeatWindowMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(repeatWindowMs);
        _repeatWindowMs = repeatWindowMs;
    }

    /// <summary>Reads that were not a usable UID (empty or too long).</summary>
    public int Rejected { get; private set; }

    /// <summary>Reads swallowed because the card was still on the antenna.</summary>
    public int Repeats { get; private set; }

    /// <summary>The card id of a new tap, or null when this read is a repeat or not a UID.</summary>
    public string? Accept(ReadOnlySpan<byte> uid, long nowMs)
    {
        var card = ToCardId(uid);
        if (card is null)
        {
            Rejected++;
            return null;
        }

        var repeat = card == _lastCard && nowMs - _lastSeenMs <= _repeatWindowMs;
        _lastCard = card;
        _lastSeenMs = nowMs;
        if (repeat)
        {
            Repeats++;
            return null;
        }

        return card;
    }

    /// <summary>
    /// The UID as uppercase hex in transmission order (UID0 first), the form the gateway's card
    /// registry and hardware-docs/protocol.md use ("04A1B2C3"); null for an empty or oversized UID.
    /// </summary>
    public static string? ToCardId(ReadOnlySpan<byte> uid) =>
        uid.IsEmpty || uid.Length > MaxUidBytes ? null : Convert.ToHexString(uid);
}
