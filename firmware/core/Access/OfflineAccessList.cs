using System;
using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Card ids allowed through this lane when the gateway does not answer in time. Holds ids
    /// only, never names ("least data"). Kept sorted for binary search (a few thousand cards on
    /// an ESP32) and persisted under "offline-list" as newline-separated ids, so a lane that
    /// reboots during a network outage still knows who may pass. The gateway's list version is
    /// stored in the same key (a first line "#version N"; '#' is not an id character) so the list
    /// and its version change together in one atomic write.
    /// </summary>
    public sealed class OfflineAccessList
    {
        public const string StorageKey = "offline-list";

        private const string VersionHeader = "#version ";

        private readonly IStorage _storage;
        private string[] _ids = new string[0];
        private long _version;
        private int _rejectedIds;

        public OfflineAccessList(IStorage storage)
        {
            if (storage == null)
            {
                throw new ArgumentNullException("storage");
            }

            _storage = storage;
            byte[] stored = storage.Read(StorageKey);
            if (stored != null)
            {
                int start = ReadVersionHeader(stored);
                string text = Utf8.Decode(stored, start, stored.Length - start);
                _ids = text == null ? new string[0] : Normalize(text.Split('\n'));
            }
        }

        /// <summary>The version of the gateway list last applied with <see cref="Replace(string[], long)"/>; 0 = none.</summary>
        public long Version
        {
            get { return _version; }
        }

        public int Count
        {
            get { return _ids.Length; }
        }

        /// <summary>Ids refused by Replace/Add because they are not valid card ids.</summary>
        public int RejectedIds
        {
            get { return _rejectedIds; }
        }

        public bool Contains(string cardId)
        {
            return cardId != null && IndexOf(cardId) >= 0;
        }

        /// <summary>Replaces the whole list, keeping the version, with one storage write.</summary>
        public void Replace(string[] cardIds)
        {
            Replace(cardIds, _version);
        }

        /// <summary>Replaces the whole list and its version (the gateway's sync) with one storage write.</summary>
        public void Replace(string[] cardIds, long version)
        {
            _ids = Normalize(cardIds);
            _version = version;
            Save();
        }

        public bool Add(string cardId)
        {
            if (!DeviceIds.IsValid(cardId))
            {
                _rejectedIds++;
                return false;
            }

            int index = IndexOf(cardId);
            if (index >= 0)
            {
                return false;
            }

            int insertAt = ~index;
            string[] grown = new string[_ids.Length + 1];
            Array.Copy(_ids, 0, grown, 0, insertAt);
            grown[insertAt] = cardId;
            Array.Copy(_ids, insertAt, grown, insertAt + 1, _ids.Length - insertAt);
            _ids = grown;
            Save();
            return true;
        }

        public bool Remove(string cardId)
        {
            int index = cardId == null ? -1 : IndexOf(cardId);
            if (index < 0)
            {
                return false;
            }

            string[] shrunk = new string[_ids.Length - 1];
            Array.Copy(_ids, 0, shrunk, 0, index);
            Array.Copy(_ids, index + 1, shrunk, index, _ids.Length - index - 1);
            _ids = shrunk;
            Save();
            return true;
        }

        public void Clear()
        {
            _ids = new string[0];
            _version = 0;
            _storage.Delete(StorageKey);
        }

        /// <summary>Ordinal comparison of UTF-16 units, the same on every target and culture.</summary>
        public static int CompareOrdinal(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
            {
                if (a[i] != b[i])
                {
                    return a[i] < b[i] ? -1 : 1;
                }
            }

            return a.Length - b.Length;
        }

        // Binary search: the index, or the bitwise complement of the insertion point.
        private int IndexOf(string cardId)
        {
            int lo = 0;
            int hi = _ids.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) / 2;
                int c = CompareOrdinal(_ids[mid], cardId);
                if (c == 0)
                {
                    return mid;
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

            return ~lo;
        }

        // Valid ids only, sorted (Shell sort: no recursion, no allocation), without duplicates.
        private string[] Normalize(string[] cardIds)
        {
            string[] valid = new string[cardIds == null ? 0 : cardIds.Length];
            int n = 0;
            for (int i = 0; i < valid.Length; i++)
            {
                string id = cardIds[i];
                if (DeviceIds.IsValid(id))
                {
                    valid[n++] = id;
                }
                else if (id != null && id.Length > 0)
                {
                    _rejectedIds++;
                }
            }

            for (int gap = n / 2; gap > 0; gap /= 2)
            {
                for (int i = gap; i < n; i++)
                {
                    string item = valid[i];
                    int j = i;
                    while (j >= gap && CompareOrdinal(valid[j - gap], item) > 0)
                    {
                        valid[j] = valid[j - gap];
                        j -= gap;
                    }

                    valid[j] = item;
                }
            }

            int unique = 0;
            for (int i = 0; i < n; i++)
            {
                if (unique == 0 || CompareOrdinal(valid[unique - 1], valid[i]) != 0)
                {
                    valid[unique++] = valid[i];
                }
            }

            string[] result = new string[unique];
            Array.Copy(valid, result, unique);
            return result;
        }

        // Returns where the ids start: after "#version N\n" (setting _version), else 0. A garbled
        // header leaves the version at 0, so the gateway's next list is taken whatever its version.
        private int ReadVersionHeader(byte[] stored)
        {
            if (stored.Length < VersionHeader.Length)
            {
                return 0;
            }

            for (int i = 0; i < VersionHeader.Length; i++)
            {
                if (stored[i] != VersionHeader[i])
                {
                    return 0;
                }
            }

            int end = VersionHeader.Length;
            while (end < stored.Length && stored[end] != '\n')
            {
                end++;
            }

            byte[] digits = new byte[end - VersionHeader.Length];
            Array.Copy(stored, VersionHeader.Length, digits, 0, digits.Length);
            long[] parsed = AsciiNumbers.ParseList(digits, 1);
            _version = parsed == null ? 0 : parsed[0];
            return end < stored.Length ? end + 1 : end;
        }

        private void Save()
        {
            ByteBuffer buffer = new ByteBuffer(_ids.Length * 12 + 32);
            if (_version > 0)
            {
                buffer.AppendAscii(VersionHeader);
                JsonWriter.WriteLong(buffer, _version);
                if (_ids.Length > 0)
                {
                    buffer.Append((byte)'\n');
                }
            }

            for (int i = 0; i < _ids.Length; i++)
            {
                if (i > 0)
                {
                    buffer.Append((byte)'\n');
                }

                // Valid ids are ASCII by construction.
                buffer.AppendAscii(_ids[i]);
            }

            _storage.Write(StorageKey, buffer.ToArray());
        }
    }
}
