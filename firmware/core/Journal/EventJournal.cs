using System;
using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;
using SchoolGate.Firmware.Core.Storage;

namespace SchoolGate.Firmware.Core.Journal
{
    /// <summary>
    /// Durable, bounded journal of device events ("nothing is lost"). Every event gets the next
    /// sequence number and is written to storage before anyone publishes it; it stays until the
    /// gateway acknowledges a seq at or above it. The seq counter survives reboots, so a seq is
    /// never reused (the gateway deduplicates on device id + seq).
    /// </summary>
    /// <remarks>
    /// Layout: the meta record "journal-meta" (a <see cref="SlotRecord"/>: keys "journal-meta-a"
    /// and "journal-meta-b", so a power cut while it is written leaves the previous meta, never a
    /// torn one) holds "lastSeq ackedSeq"; each pending event is one key "journal-{seq}" holding
    /// its encoded payload. Entries are written before the meta that counts them, so a power cut
    /// between the two (or in the middle of the entry) only loses an event nobody has seen yet.
    /// Firmware before the two slots kept the meta in the plain key "journal-meta": it is read
    /// when no slot exists yet and deleted by the first new write.
    /// When the journal is full, <see cref="TryAppend"/> refuses the NEW event and counts it in
    /// <see cref="RejectedAppends"/>: stored events are never dropped, because the oldest ones
    /// (a child's arrival) matter as much as the newest, and overwriting would break the
    /// gateway's gap detection without telling anyone.
    /// </remarks>
    public sealed class EventJournal
    {
        public const int DefaultCapacity = 500;
        public const string MetaKey = "journal-meta";
        private const string EntryKeyPrefix = "journal-";

        private readonly IStorage _storage;
        private readonly SlotRecord _meta;
        private readonly int _capacity;
        private bool _legacyMeta;
        private long _lastSeq;
        private long _ackedSeq;
        private int _rejectedAppends;

        /// <summary>Restores the journal from storage (empty on first boot).</summary>
        /// <exception cref="InvalidOperationException">The journal metadata is unreadable; reusing seqs silently would be worse.</exception>
        public EventJournal(IStorage storage, int capacity)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException("capacity");
            }

            _storage = storage;
            _capacity = capacity;
            _meta = new SlotRecord(storage, MetaKey);
            byte[] meta = _meta.Read();
            if (meta == null && _meta.CorruptSlots > 0)
            {
                throw new InvalidOperationException("Event journal metadata '" + MetaKey + "' is corrupt in both slots.");
            }

            if (meta == null)
            {
                meta = storage.Read(MetaKey);
                _legacyMeta = meta != null;
            }

            if (meta != null)
            {
                long[] values = AsciiNumbers.ParseList(meta, 2);
                if (values == null || values[1] > values[0])
                {
                    throw new InvalidOperationException("Event journal metadata '" + MetaKey + "' is corrupt.");
                }

                _lastSeq = values[0];
                _ackedSeq = values[1];
            }
        }

        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>Highest seq ever assigned (0 before the first event).</summary>
        public long LastSeq
        {
            get { return _lastSeq; }
        }

        /// <summary>Highest seq the gateway has acknowledged.</summary>
        public long AckedSeq
        {
            get { return _ackedSeq; }
        }

        public int Pending
        {
            get { return (int)(_lastSeq - _ackedSeq); }
        }

        /// <summary>Events refused because the journal was full.</summary>
        public int RejectedAppends
        {
            get { return _rejectedAppends; }
        }

        /// <summary>
        /// Assigns the next seq to <paramref name="e"/>, stores it durably and returns its payload
        /// ready to publish; null (and counted) when the journal is full.
        /// </summary>
        public byte[] TryAppend(PassageEvent e)
        {
            // The last seq a long can hold is the last one ever: wrapping would reuse seqs.
            if (Pending >= _capacity || _lastSeq == long.MaxValue)
            {
                _rejectedAppends++;
                return null;
            }

            long seq = _lastSeq + 1;
            e.Seq = seq;
            byte[] payload = WireCodec.Encode(e);
            _storage.Write(EntryKey(seq), payload);
            WriteMeta(seq, _ackedSeq);
            _lastSeq = seq;
            return payload;
        }

        /// <summary>The stored payload of a pending event, or null if it is not pending.</summary>
        public byte[] Read(long seq)
        {
            if (seq <= _ackedSeq || seq > _lastSeq)
            {
                return null;
            }

            return _storage.Read(EntryKey(seq));
        }

        /// <summary>
        /// The gateway has durably stored every event up to <paramref name="seq"/>: drop them.
        /// Returns how many were dropped. An ack beyond <see cref="LastSeq"/> comes from a gateway
        /// that remembers an earlier life of this device id (a wiped or replaced flash): it holds
        /// seqs this journal has not assigned yet and would deduplicate every new event that
        /// reused one, so the seq counter jumps past the ack.
        /// </summary>
        public int Acknowledge(long seq)
        {
            if (seq <= _ackedSeq)
            {
                return 0;
            }

            long previous = _ackedSeq;
            long last = _lastSeq;
            long newLast = seq > last ? seq : last;

            // Meta first: if power fails while deleting, leftover keys are merely orphaned,
            // never re-sent as if they were still pending.
            WriteMeta(newLast, seq);
            _lastSeq = newLast;
            _ackedSeq = seq;
            long dropTo = seq < last ? seq : last;
            for (long s = previous; s < dropTo;)
            {
                // Incremented first, so a seq of long.MaxValue cannot wrap the loop.
                s++;
                _storage.Delete(EntryKey(s));
            }

            return (int)(dropTo - previous);
        }

        public static string EntryKey(long seq)
        {
            return EntryKeyPrefix + seq.ToString();
        }

        private void WriteMeta(long lastSeq, long ackedSeq)
        {
            _meta.Write(AsciiNumbers.FormatList(new long[] { lastSeq, ackedSeq }));
            if (_legacyMeta)
            {
                _storage.Delete(MetaKey);
                _legacyMeta = false;
            }
        }
    }
}
