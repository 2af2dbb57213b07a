using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// Strictly increasing access request ids that survive reboots, so a decision meant for a
    /// request made before a reboot can never be mistaken for the answer to a new one. Ids are
    /// reserved in blocks ("hi/lo"): one flash write per <see cref="BlockSize"/> requests
    /// instead of one per card tap. A reboot skips the rest of the block, which is harmless.
    /// </summary>
    public sealed class RequestIdSource
    {
        public const string StorageKey = "request-id-hi";
        public const int BlockSize = 100;

        private readonly IStorage _storage;
        private long _last;
        private long _reservedUpTo;

        public RequestIdSource(IStorage storage)
        {
            _storage = storage;
            long[] stored = AsciiNumbers.ParseList(storage.Read(StorageKey), 1);

            // A missing or unreadable reservation restarts at 0; ids from before then may repeat,
            // but only decisions for the current request are ever applied.
            _last = stored == null ? 0 : stored[0];
            _reservedUpTo = _last;
        }

        public long Next()
        {
            _last++;
            if (_last > _reservedUpTo)
            {
                _reservedUpTo = _last + BlockSize - 1;
                _storage.Write(StorageKey, AsciiNumbers.FormatList(new long[] { _reservedUpTo }));
            }

            return _last;
        }
    }
}
