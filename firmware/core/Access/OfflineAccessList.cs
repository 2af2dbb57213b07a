using System;
using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;
using SchoolGate.Firmware.Core.Storage;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Card ids allowed through this lane when the gateway does not answer in time (ids only,
    /// never names), held as a paged <see cref="CardTable"/> and persisted page by page, so a lane
    /// that reboots during a network outage still knows who may pass, and loading it never needs
    /// more than one page (4 KB) in one allocation.
    /// </summary>
    /// <remarks>
    /// Crash safety without an atomic rename: two page sets, "offline-list-a-{n}" and
    /// "offline-list-b-{n}". A new list is written into the set the current list does not use,
    /// and only then does the head record (a <see cref="SlotRecord"/>, "offline-list-head") switch
    /// to it, naming the set, version, count, entry width and the pages' CRC-32. A power cut while
    /// pages are written leaves the head on the old list; a torn head falls back to the previous
    /// head, whose set was not touched; pages that fail their CRC are refused whole (the lane then
    /// refuses offline until the gateway's next list: fail secure).
    /// </remarks>
    public sealed class OfflineAccessList
    {
        public const string HeadKey = "offline-list-head";

        /// <summary>The text format of earlier firmware: not read (it needed the whole file in RAM), deleted on the first new list.</summary>
        public const string LegacyKey = "offline-list";

        private const int HeadFields = 5;

        private readonly IStorage _storage;
        private readonly SlotRecord _head;
        private readonly byte[] _scratch = new byte[DeviceIds.MaxLength];
        private CardTable _table = CardTable.Empty;
        private long _version;
        private int _set = -1;
        private int _loadFailures;

        public OfflineAccessList(IStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
            _head = new SlotRecord(storage, HeadKey);
            Load();
        }

        /// <summary>The version of the gateway list in force; 0 = none.</summary>
        public long Version
        {
            get { return _version; }
        }

        public int Count
        {
            get { return _table.Count; }
        }

        public CardTable Table
        {
            get { return _table; }
        }

        /// <summary>Stored lists refused at boot because a page was missing or failed its CRC.</summary>
        public int LoadFailures
        {
            get { return _loadFailures; }
        }

        /// <summary>The page set a new list is written into: never the one in force.</summary>
        public int SpareSet
        {
            get { return _set == 0 ? 1 : 0; }
        }

        public bool Contains(string cardId)
        {
            if (cardId == null)
            {
                return false;
            }

            // One conversion: on nanoFramework cardId[i] would walk the UTF-8 string each time.
            char[] chars = cardId.ToCharArray();
            if (chars.Length == 0 || chars.Length > _scratch.Length)
            {
                return false;
            }

            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0x7F)
                {
                    return false;
                }

                _scratch[i] = (byte)chars[i];
            }

            return _table.Contains(_scratch, 0, chars.Length);
        }

        public static string PageKey(int set, int page)
        {
            return (set == 0 ? "offline-list-a-" : "offline-list-b-") + page.ToString();
        }

        /// <summary>Persists one page of a list being built into <see cref="SpareSet"/>.</summary>
        public void WritePage(int page, byte[] bytes)
        {
            _storage.Write(PageKey(SpareSet, page), bytes);
        }

        /// <summary>Page <paramref name="page"/> of <see cref="SpareSet"/> as stored, or null when it is missing or not the length a table of that shape needs.</summary>
        public byte[] ReadSparePage(int page, int count, int width)
        {
            return ReadPage(SpareSet, page, count, width);
        }

        /// <summary>
        /// Makes <paramref name="table"/>, whose pages are already written into <see cref="SpareSet"/>,
        /// the list in force: one head write, then the spare set's leftover pages are deleted.
        /// </summary>
        public void Commit(CardTable table, long version, uint crc)
        {
            int set = SpareSet;
            _head.Write(AsciiNumbers.FormatList(new long[] { set, version, table.Count, table.Width, crc }));
            _table = table;
            _version = version;
            _set = set;
            // The set may hold more pages than this table: from an earlier, longer list or from a
            // build a power cut interrupted. Pages are written from 0 up, so they end at the first
            // missing key.
            for (int page = table.Pages.Length; _storage.Read(PageKey(set, page)) != null; page++)
            {
                _storage.Delete(PageKey(set, page));
            }

            _storage.Delete(LegacyKey);
        }

        private void Load()
        {
            long[] head = AsciiNumbers.ParseList(_head.Read(), HeadFields);
            if (head == null)
            {
                _loadFailures += _head.CorruptSlots > 0 ? 1 : 0;
                return;
            }

            int set = (int)head[0];
            long count = head[2];
            long width = head[3];
            bool shapeOk = set <= 1 && count <= int.MaxValue && width <= DeviceIds.MaxLength && (count == 0) == (width == 0);
            CardTable table = shapeOk ? ReadPages(set, (int)count, (int)width, (uint)head[4]) : null;
            _set = set <= 1 ? set : -1;
            if (table == null)
            {
                _loadFailures++;
                return;
            }

            _table = table;
            _version = head[1];
        }

        private CardTable ReadPages(int set, int count, int width, uint crc)
        {
            if (count == 0)
            {
                return CardTable.Empty;
            }

            byte[][] pages = new byte[CardTable.PageCount(count, width)][];
            uint actual = Crc32.Start;
            for (int page = 0; page < pages.Length; page++)
            {
                byte[] bytes = ReadPage(set, page, count, width);
                if (bytes == null)
                {
                    return null;
                }

                actual = Crc32.Update(actual, bytes, 0, bytes.Length);
                pages[page] = bytes;
            }

            return Crc32.Finish(actual) == crc ? new CardTable(pages, width, count) : null;
        }

        private byte[] ReadPage(int set, int page, int count, int width)
        {
            byte[] bytes = _storage.Read(PageKey(set, page));
            return bytes != null && bytes.Length == CardTable.PageLength(count, width, page) ? bytes : null;
        }
    }
}
