using System.Collections;

namespace SchoolGate.Firmware.Core.Json
{
    /// <summary>
    /// Parses one JSON object (RFC 8259) into its top-level members. Gateway messages are read
    /// leniently where the standard allows it (any member order, whitespace, unknown members of
    /// any shape) and strictly where it does not: anything malformed makes <see cref="Parse"/>
    /// return null instead of throwing, so a bad payload can never stop the device loop.
    /// </summary>
    public sealed class JsonObjectReader
    {
        private readonly byte[] _json;
        private readonly JsonScanner _scanner;
        private readonly ArrayList _members = new ArrayList();

        private JsonObjectReader(byte[] json)
        {
            _json = json;
            _scanner = new JsonScanner(json);
        }

        public int Count
        {
            get { return _members.Count; }
        }

        /// <summary>The parsed object, or null when the payload is not exactly one valid JSON object.</summary>
        public static JsonObjectReader Parse(byte[] json)
        {
            if (json == null)
            {
                return null;
            }

            JsonObjectReader reader = new JsonObjectReader(json);
            return reader.ParseDocument() ? reader : null;
        }

        /// <summary>The member with this name, or null. Names compare ordinally, as the protocol's camelCase names are exact.</summary>
        public JsonMember Find(string name)
        {
            for (int i = 0; i < _members.Count; i++)
            {
                JsonMember member = (JsonMember)_members[i];
                if (member.Name == name)
                {
                    return member;
                }
            }

            return null;
        }

        public bool TryGetLong(string name, out long value)
        {
            JsonMember member = Find(name);
            value = 0;
            if (member == null || member.Kind != JsonValueKind.Number || !member.IsInteger)
            {
                return false;
            }

            value = member.Integer;
            return true;
        }

        public bool TryGetInt(string name, out int value)
        {
            long wide;
            value = 0;
            if (!TryGetLong(name, out wide) || wide < int.MinValue || wide > int.MaxValue)
            {
                return false;
            }

            value = (int)wide;
            return true;
        }

        public bool TryGetBool(string name, out bool value)
        {
            JsonMember member = Find(name);
            value = member != null && member.Kind == JsonValueKind.True;
            return member != null && (member.Kind == JsonValueKind.True || member.Kind == JsonValueKind.False);
        }

        /// <summary>The string value; null when absent, JSON null or not a string.</summary>
        public string GetString(string name)
        {
            JsonMember member = Find(name);
            return member != null && member.Kind == JsonValueKind.String ? member.Text : null;
        }

        private bool ParseDocument()
        {
            _scanner.SkipByteOrderMark();
            _scanner.SkipWhitespace();
            if (!ParseTopObject())
            {
                return false;
            }

            _scanner.SkipWhitespace();
            return _scanner.AtEnd;
        }

        private bool ParseTopObject()
        {
            if (!_scanner.Consume((byte)'{'))
            {
                return false;
            }

            _scanner.SkipWhitespace();
            if (_scanner.Consume((byte)'}'))
            {
                return true;
            }

            while (true)
            {
                _scanner.SkipWhitespace();
                JsonMember member = new JsonMember();
                member.Name = _scanner.ParseString();
                if (member.Name == null || Find(member.Name) != null)
                {
                    // A repeated name is ambiguous (which requestId wins?), so it is rejected, as
                    // device-sdk's ProtocolCodec rejects a repeated field of the message.
                    return false;
                }

                _scanner.SkipWhitespace();
                if (!_scanner.Consume((byte)':'))
                {
                    return false;
                }

                _scanner.SkipWhitespace();
                if (!ParseMemberValue(member))
                {
                    return false;
                }

                _members.Add(member);
                _scanner.SkipWhitespace();
                if (_scanner.Consume((byte)'}'))
                {
                    return true;
                }

                if (!_scanner.Consume((byte)','))
                {
                    return false;
                }
            }
        }

        private bool ParseMemberValue(JsonMember member)
        {
            byte b = _scanner.Peek();
            if (b == '"')
            {
                member.Kind = JsonValueKind.String;
                member.Text = _scanner.ParseString();
                return member.Text != null;
            }

            if (b == '{' || b == '[')
            {
                member.Kind = JsonValueKind.Nested;
                member.ValueStart = _scanner.Position;
                return _scanner.SkipValue();
            }

            if (_scanner.ConsumeLiteral("true"))
            {
                member.Kind = JsonValueKind.True;
                return true;
            }

            if (_scanner.ConsumeLiteral("false"))
            {
                member.Kind = JsonValueKind.False;
                return true;
            }

            if (_scanner.ConsumeLiteral("null"))
            {
                member.Kind = JsonValueKind.Null;
                return true;
            }

            member.Kind = JsonValueKind.Number;
            return _scanner.ParseNumber(member);
        }

    }
}
