using System;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Card ids as a sorted table of fixed-width ASCII entries (padded with 0 bytes, which sort
    /// below every id character, so byte order is the ids' ordinal order), split into pages of at
    /// most <see cref="PageBytes"/> so no single allocation comes near nanoFramework's 8 KB
    /// comfort limit on a fragmented ESP32 heap. No strings: on nanoFramework a string is UTF-8
    /// inside the CLR and s[i] walks it from the start, so comparing strings char by char is
    /// quadratic; bytes are indexed in O(1).
    /// </summary>
    public sealed class CardTable
    {
        /// <summary>One page: also one LittleFS block (4 KB) on the ESP32 when persisted.</summary>
        public const int PageBytes = 4096;

        private static readonly byte[][] NoPages = new byte[0][];

        private readonly byte[][] _pages;
        private readonly int _width;
        private readonly int _count;
        private readonly int _perPage;

        public CardTable(byte[][] pages, int width, int count)
        {
            _pages = pages == null ? NoPages : pages;
            _width = width;
            _count = count;
            _perPage = width == 0 ? 0 : EntriesPerPage(width);
        }

        public static CardTable Empty
        {
            get { return new CardTable(null, 0, 0); }
        }

        public int Count
        {
            get { return _count; }
        }

        /// <summary>Bytes per entry: the longest id of the list.</summary>
        public int Width
        {
            get { return _width; }
        }

        public byte[][] Pages
        {
            get { return _pages; }
        }

        /// <summary>Bytes held by the pages: the list's resident size.</summary>
        public int ResidentBytes
        {
            get
            {
                int total = 0;
                for (int i = 0; i < _pages.Length; i++)
                {
                    total += _pages[i].Length;
                }

                return total;
            }
        }

        public static int EntriesPerPage(int width)
        {
            return PageBytes / width;
        }

        public static int PageCount(int count, int width)
        {
            int perPage = EntriesPerPage(width);
            return (count + perPage - 1) / perPage;
        }

        /// <summary>Length in bytes of page <paramref name="page"/> of a table of <paramref name="count"/> entries.</summary>
        public static int PageLength(int count, int width, int page)
        {
            int perPage = EntriesPerPage(width);
            int entries = count - page * perPage;
            return (entries > perPage ? perPage : entries) * width;
        }

        /// <summary>Binary search for id bytes [start, start+length); O(log n) entries of at most Width bytes each.</summary>
        public bool Contains(byte[] id, int start, int length)
        {
            if (length <= 0 || length > _width)
            {
                return false;
            }

            int lo = 0;
            int hi = _count - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int c = CompareEntry(mid, id, start, length);
                if (c == 0)
                {
                    return true;
                }

                if (c < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return false;
        }

        /// <summary>Copies entry <paramref name="index"/> (without padding) into <paramref name="into"/>; returns its length.</summary>
        public int CopyEntry(int index, byte[] into)
        {
            byte[] page = _pages[index / _perPage];
            int offset = (index % _perPage) * _width;
            int length = 0;
            while (length < _width && page[offset + length] != 0)
            {
                into[length] = page[offset + length];
                length++;
            }

            return length;
        }

        // Entry vs id, as the padded entry against the id padded to Width.
        private int CompareEntry(int index, byte[] id, int start, int length)
        {
            byte[] page = _pages[index / _perPage];
            int offset = (index % _perPage) * _width;
            for (int i = 0; i < _width; i++)
            {
                int a = page[offset + i];
                int b = i < length ? id[start + i] : 0;
                if (a != b)
                {
                    return a < b ? -1 : 1;
                }
            }

            return 0;
        }
    }
}
