namespace SchoolGate.Firmware.Core.BusValidator
{
    /// <summary>
    /// The last few cards taken on one reader and when, so a second tap of the same card within
    /// the window is not a second boarding. The reader's own filter (CardTapFilter) already makes
    /// a card resting on the antenna one tap, but only remembers the last card: two children
    /// boarding one after the other, the first tapping again, would pass it. A fixed ring, so a
    /// full bus costs no allocation.
    /// </summary>
    public sealed class RecentTaps
    {
        /// <summary>Cards remembered: more children than board within a dedupe window at one door.</summary>
        public const int Size = 16;

        private readonly string[] _cards = new string[Size];
        private readonly long[] _takenMs = new long[Size];
        private readonly long _windowMs;
        private int _next;

        public RecentTaps(long windowMs)
        {
            _windowMs = windowMs;
        }

        /// <summary>True when this card was taken within the window (the window counts from that tap, not from repeats).</summary>
        public bool IsRepeat(string card, long nowMs)
        {
            for (int i = 0; i < Size; i++)
            {
                if (_cards[i] != null && _cards[i] == card && nowMs - _takenMs[i] < _windowMs)
                {
                    return true;
                }
            }

            return false;
        }

        public void Taken(string card, long nowMs)
        {
            _cards[_next] = card;
            _takenMs[_next] = nowMs;
            _next = (_next + 1) % Size;
        }
    }
}
