namespace SchoolGate.Firmware.Esp32.Network
{
    /// <summary>Reconnect delays that double from a minimum to a maximum, so a refused or absent gateway is not hammered.</summary>
    public sealed class Backoff
    {
        private readonly int _minMs;
        private readonly int _maxMs;
        private int _nextMs;

        public Backoff(int minMs, int maxMs)
        {
            _minMs = minMs;
            _maxMs = maxMs < minMs ? minMs : maxMs;
            _nextMs = minMs;
        }

        /// <summary>The delay before the next attempt; each call doubles the one after, up to the maximum.</summary>
        public int NextDelayMs()
        {
            int delay = _nextMs;
            _nextMs = delay >= _maxMs / 2 ? _maxMs : delay * 2;
            return delay;
        }

        public void Reset()
        {
            _nextMs = _minMs;
        }
    }
}
