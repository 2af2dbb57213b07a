using SchoolGate.Firmware.Core.Storage;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Second pass over an access list that <see cref="AccessListScan"/> has already checked:
    /// copies the card ids from the payload into the pages of a new <see cref="CardTable"/>, a
    /// bounded number of payload bytes per step, and stops after each finished page so the caller
    /// can persist it (one flash write per step). The ids are known valid, unescaped and ascending.
    /// Only the page being filled is held: while the payload (tens of KB, M2Mqtt's receive buffer)
    /// and the list in force are both in RAM, a whole second table would not fit an ESP32's heap.
    /// The caller loads the new table back from flash once the payload is released.
    /// </summary>
    public sealed class CardTableBuilder
    {
        public const int Running = 0;
        public const int PageReady = 1;
        public const int Done = 2;

        private readonly byte[] _payload;
        private readonly int _count;
        private readonly int _width;
        private readonly int _pageCount;
        private byte[] _current;
        private int _pos;
        private int _written;
        private int _page;
        private uint _crc = Crc32.Start;
        private long _consumed;

        public CardTableBuilder(byte[] payload, AccessListScan scan)
        {
            _payload = payload;
            _count = scan.Count;
            _width = scan.MaxLength;
            _pageCount = _count == 0 ? 0 : CardTable.PageCount(_count, _width);
            _pos = scan.CardsAt + 1;
        }

        public int Width
        {
            get { return _width; }
        }

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Pages of the table being built.</summary>
        public int PageCount
        {
            get { return _pageCount; }
        }

        /// <summary>The page the last <see cref="PageReady"/> was about.</summary>
        public int ReadyPage;

        /// <summary>The bytes of <see cref="ReadyPage"/>, to be persisted before the next step.</summary>
        public byte[] ReadyBytes
        {
            get { return _current; }
        }

        /// <summary>Payload bytes read plus table bytes written so far: the unit of work of a step.</summary>
        public long Consumed
        {
            get { return _consumed; }
        }

        /// <summary>CRC-32 of all pages in order; valid once <see cref="Step"/> returned <see cref="Done"/>.</summary>
        public uint Crc
        {
            get { return Crc32.Finish(_crc); }
        }

        public int Step(int budget)
        {
            long stop = _consumed + budget;
            while (_written < _count)
            {
                if (_consumed >= stop)
                {
                    return Running;
                }

                int b = _payload[_pos];
                if (b != '"')
                {
                    // Whitespace and commas between the ids.
                    _pos++;
                    _consumed++;
                    continue;
                }

                if (CopyCard())
                {
                    ReadyPage = _page - 1;
                    return PageReady;
                }
            }

            return Done;
        }

        // Copies one id (from the opening quote) into its entry, padding the rest with zeros;
        // true when that entry completed a page.
        private bool CopyCard()
        {
            int perPage = CardTable.EntriesPerPage(_width);
            int inPage = _written % perPage;
            if (inPage == 0)
            {
                // A new array per page: the storage may keep the one it is handed.
                _current = new byte[CardTable.PageLength(_count, _width, _page)];
            }

            byte[] page = _current;
            int offset = inPage * _width;
            int start = _pos + 1;
            int end = start;
            while (_payload[end] != '"')
            {
                end++;
            }

            for (int i = 0; i < end - start; i++)
            {
                page[offset + i] = _payload[start + i];
            }

            _crc = Crc32.Update(_crc, page, offset, _width);
            _consumed += (end + 1 - _pos) + _width;
            _pos = end + 1;
            _written++;
            if (inPage + 1 == perPage || _written == _count)
            {
                _page++;
                return true;
            }

            return false;
        }
    }
}
