using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Storage;

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

        private readonly SlotRecord _record;
        private long _last;
        private long _reservedUpTo;

        public RequestIdSource(IStorage storage)
        {
            // Two slots (SlotRecord): a cut during the write keeps the previous reservation. Earlier
            // firmware wrote the plain key: read when no slot exists yet.
            _record = new SlotRecord(storage, StorageKey);
            byte[] record = _record.Read();
            long[] stored = AsciiNumbers.ParseList(record != null ? record : storage.Read(StorageKey), 1);

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
                _record.Write(AsciiNumbers.FormatList(new long[] { _reservedUpTo }));
            }

            return _last;
        }
    }
}
