using System;

namespace SchoolGate.Firmware.Core.CardReader
{
    /// <summary>
    /// Turns raw ISO 14443A reads into taps, for every lane's reader (Raspberry Pi and ESP32). A card
    /// resting on the antenna answers every poll, so the same UID seen again within the repeat window
    /// of its last sighting is the same tap; a card held there for a minute is still one tap.
    /// Not thread-safe: whoever polls the reader owns it.
    /// </summary>
    public sealed class CardTapFilter
    {
        /// <summary>ISO 14443A UIDs are 4, 7 or 10 bytes; longer cannot be a card and would not fit a protocol id.</summary>
        public const int MaxUidBytes = 10;

        // A char[], not a string: on nanoFramework "..."[i] walks the UTF-8 string from its start.
        private static readonly char[] HexDigits = "0123456789ABCDEF".ToCharArray();

        private readonly long _repeatWindowMs;
        private string _lastCard;
        private long _lastSeenMs;
        private int _rejected;
        private int _repeats;

        public CardTapFilter(long repeatWindowMs)
        {
            if (repeatWindowMs < 0)
            {
                throw new ArgumentOutOfRangeException("repeatWindowMs");
            }

            _repeatWindowMs = repeatWindowMs;
        }

        /// <summary>Reads that were not a usable UID (empty or too long).</summary>
        public int Rejected
        {
            get { return _rejected; }
        }

        /// <summary>Reads swallowed because the card was still on the antenna.</summary>
        public int Repeats
        {
            get { return _repeats; }
        }

        /// <summary>The card id of a new tap, or null when this read is a repeat or not a UID.</summary>
        public string Accept(byte[] uid, long nowMs)
        {
            string card = ToCardId(uid);
            if (card == null)
            {
                _rejected++;
                return null;
            }

            bool repeat = card == _lastCard && nowMs - _lastSeenMs <= _repeatWindowMs;
            _lastCard = card;
            _lastSeenMs = nowMs;
            if (repeat)
            {
                _repeats++;
                return null;
            }

            return card;
        }

        /// <summary>
        /// The UID as uppercase hex in transmission order (UID0 first), the form the gateway's card
        /// registry and hardware-docs/protocol.md use ("04A1B2C3"); null for an empty or oversized UID.
        /// Hand-written because nanoFramework has neither Span nor Convert.ToHexString.
        /// </summary>
        public static string ToCardId(byte[] uid)
        {
            if (uid == null || uid.Length == 0 || uid.Length > MaxUidBytes)
            {
                return null;
            }

            char[] chars = new char[uid.Length * 2];
            for (int i = 0; i < uid.Length; i++)
            {
                chars[2 * i] = HexDigits[uid[i] >> 4];
                chars[2 * i + 1] = HexDigits[uid[i] & 0x0F];
            }

            return new string(chars);
        }
    }
}
