using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// First pass over an <c>access/list</c> payload, a bounded number of bytes per step: checks the
    /// whole message strictly (any member order, unknown members of any shape skipped), reads the
    /// version, and checks that the cards are valid ids in strictly ascending ordinal order (the
    /// protocol's canonical form, which the gateway always writes), counting them and finding the
    /// longest. Nothing is allocated per card, so a list that turns out bad has cost no memory, and
    /// the second pass (<see cref="CardTableBuilder"/>) knows the table's exact size.
    /// </summary>
    public sealed class AccessListScan
    {
        public const int Running = 0;
        public const int Valid = 1;
        public const int Invalid = 2;

        private const int NoMember = 0;
        private const int VersionMember = 1;
        private const int CardsMember = 2;
        private const int OtherMember = 3;

        private static readonly byte[] VersionName = new byte[] { (byte)'v', (byte)'e', (byte)'r', (byte)'s', (byte)'i', (byte)'o', (byte)'n' };
        private static readonly byte[] CardsName = new byte[] { (byte)'c', (byte)'a', (byte)'r', (byte)'d', (byte)'s' };

        private readonly JsonStepReader _reader;
        private readonly int _capacity;
        private readonly byte[] _previous = new byte[DeviceIds.MaxLength];
        private int _previousLength = -1;
        private int _member = NoMember;
        private bool _started;
        private bool _inCards;
        private bool _hasVersion;
        private bool _hasCards;
        private int _result = Running;

        public AccessListScan(byte[] payload, int capacity)
        {
            _reader = new JsonStepReader(payload);
            _capacity = capacity;
        }

        public long Version;

        /// <summary>Cards in the list.</summary>
        public int Count;

        /// <summary>Bytes of the longest card id (the table's entry width).</summary>
        public int MaxLength;

        /// <summary>Offset of the cards array's '[' in the payload, for the second pass.</summary>
        public int CardsAt;

        /// <summary>True once the version is read (before the rest of the list is checked).</summary>
        public bool HasVersion
        {
            get { return _hasVersion; }
        }

        /// <summary>Payload bytes read so far.</summary>
        public long Consumed
        {
            get { return _reader.Consumed; }
        }

        /// <summary>Reads at most <paramref name="budget"/> bytes; <see cref="Running"/>, <see cref="Valid"/> or <see cref="Invalid"/>.</summary>
        public int Step(int budget)
        {
            _reader.BeginStep(budget);
            while (_result == Running)
            {
                int token = _reader.Read();
                if (token == JsonToken.None)
                {
                    break;
                }

                _result = Handle(token);
            }

            return _result;
        }

        private int Handle(int token)
        {
            int depth = _reader.Depth;
            if (token == JsonToken.Error)
            {
                return Invalid;
            }

            if (token == JsonToken.End)
            {
                return _hasVersion && _hasCards ? Valid : Invalid;
            }

            if (_inCards)
            {
                return InCards(token, depth);
            }

            if (_started && depth == 0)
            {
                // The closing brace of the top-level object; End follows.
                return token == JsonToken.EndObject ? Running : Invalid;
            }

            if (!_started)
            {
                _started = true;
                return token == JsonToken.StartObject ? Running : Invalid;
            }

            if (depth == 1 && token == JsonToken.PropertyName)
            {
                return Name();
            }

            bool container = token == JsonToken.StartObject || token == JsonToken.StartArray;
            bool memberValue = container ? depth == 2 : depth == 1 && token != JsonToken.EndObject;
            if (!memberValue)
            {
                // Inside an unknown member, or the end of one.
                return Running;
            }

            if (_member == VersionMember)
            {
                return token == JsonToken.Number ? ReadVersion() : Invalid;
            }

            if (_member == CardsMember)
            {
                if (token != JsonToken.StartArray)
                {
                    return Invalid;
                }

                _inCards = true;
                CardsAt = _reader.TokenStart;
                return Running;
            }

            return _member == OtherMember ? Running : Invalid;
        }

        private int InCards(int token, int depth)
        {
            if (token == JsonToken.String && depth == 2)
            {
                return Card();
            }

            if (token == JsonToken.EndArray && depth == 1)
            {
                _inCards = false;
                _hasCards = true;
                _member = NoMember;
                return Running;
            }

            return Invalid;
        }

        private int Name()
        {
            // Escaped names are refused: "\u0076ersion" is "version" to System.Text.Json, and a
            // device that read it as unknown could disagree with the gateway about the list.
            if (_reader.TokenHasEscapes)
            {
                return Invalid;
            }

            if (NameIs(VersionName))
            {
                _member = VersionMember;
                return _hasVersion ? Invalid : Running;
            }

            if (NameIs(CardsName))
            {
                _member = CardsMember;
                return _hasCards ? Invalid : Running;
            }

            _member = OtherMember;
            return Running;
        }

        private bool NameIs(byte[] name)
        {
            byte[] bytes = _reader.Bytes;
            int start = _reader.TokenStart;
            if (_reader.TokenEnd - start != name.Length)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (bytes[start + i] != name[i])
                {
                    return false;
                }
            }

            return true;
        }

        private int ReadVersion()
        {
            if (!_reader.NumberIsInteger)
            {
                return Invalid;
            }

            long value;
            if (!AsciiNumbers.TryParseLong(_reader.Bytes, _reader.TokenStart, _reader.TokenEnd - _reader.TokenStart, out value))
            {
                return Invalid;
            }

            Version = value;
            _hasVersion = true;
            _member = NoMember;
            return Running;
        }

        private int Card()
        {
            byte[] bytes = _reader.Bytes;
            int start = _reader.TokenStart;
            int length = _reader.TokenEnd - start;
            if (_reader.TokenHasEscapes || !DeviceIds.IsValid(bytes, start, length) || Count == _capacity)
            {
                return Invalid;
            }

            if (_previousLength >= 0 && Compare(bytes, start, length) <= 0)
            {
                // Not ascending (or a duplicate): not the canonical list the gateway writes.
                return Invalid;
            }

            for (int i = 0; i < length; i++)
            {
                _previous[i] = bytes[start + i];
            }

            _previousLength = length;
            Count++;
            if (length > MaxLength)
            {
                MaxLength = length;
            }

            return Running;
        }

        // The card against the previous one, ordinally.
        private int Compare(byte[] bytes, int start, int length)
        {
            int n = length < _previousLength ? length : _previousLength;
            for (int i = 0; i < n; i++)
            {
                int a = bytes[start + i];
                int b = _previous[i];
                if (a != b)
                {
                    return a < b ? -1 : 1;
                }
            }

            return length - _previousLength;
        }
    }
}
