using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Json;

namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// Protocol v1 payloads for nanoFramework: writes exactly the bytes device-sdk's
    /// ProtocolCodec writes (camelCase, declaration order, no whitespace) and reads gateway
    /// messages with the same rules (every field required, integers strict, unknown fields
    /// ignored). Decoding never throws: malformed input yields false.
    /// </summary>
    public static class WireCodec
    {
        public static byte[] Encode(DeviceState m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteString("deviceId", m.DeviceId);
            w.WriteString("kind", m.Kind);
            w.WriteString("status", m.Status);
            w.WriteString("firmware", m.Firmware);
            w.WriteNumber("ts", m.Ts);
            return w.ToArray();
        }

        public static byte[] Encode(AccessRequest m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteString("deviceId", m.DeviceId);
            w.WriteNumber("requestId", m.RequestId);
            w.WriteString("cardId", m.CardId);
            w.WriteString("direction", m.Direction);
            w.WriteNumber("ts", m.Ts);
            return w.ToArray();
        }

        public static byte[] Encode(AccessDecision m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteNumber("requestId", m.RequestId);
            w.WriteBool("allow", m.Allow);
            w.WriteString("reason", m.Reason);
            w.WriteNumber("openMs", m.OpenMs);
            // Optional and last, as device-sdk writes it: absent, the bytes are those of a decision without text.
            if (m.Text != null)
            {
                w.WriteString("text", m.Text);
            }

            return w.ToArray();
        }

        public static byte[] Encode(PassageEvent m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteString("deviceId", m.DeviceId);
            w.WriteNumber("seq", m.Seq);
            w.WriteString("type", m.Type);
            w.WriteString("cardId", m.CardId);
            w.WriteString("reason", m.Reason);
            w.WriteBool("offline", m.Offline);
            w.WriteNumber("ts", m.Ts);

            // device-sdk leaves these out when they hold their default (JsonIgnoreCondition.WhenWritingDefault).
            if (m.Route != null)
            {
                w.WriteString("route", m.Route);
            }

            if (m.Vehicle != null)
            {
                w.WriteString("vehicle", m.Vehicle);
            }

            if (m.HasFix)
            {
                w.WriteBool("hasFix", true);
            }

            if (m.LatE7 != 0)
            {
                w.WriteNumber("latE7", m.LatE7);
            }

            if (m.LonE7 != 0)
            {
                w.WriteNumber("lonE7", m.LonE7);
            }

            return w.ToArray();
        }

        public static byte[] Encode(EventAck m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteNumber("seq", m.Seq);
            return w.ToArray();
        }

        public static byte[] Encode(Heartbeat m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteString("deviceId", m.DeviceId);
            w.WriteNumber("uptimeS", m.UptimeS);
            w.WriteNumber("pending", m.Pending);
            w.WriteNumber("ts", m.Ts);
            return w.ToArray();
        }

        public static byte[] Encode(AccessList m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteNumber("version", m.Version);
            w.WriteStringArray("cards", m.Cards);
            return w.ToArray();
        }

        public static byte[] Encode(TemplateDelete m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteNumber("commandId", m.CommandId);
            w.WriteNumber("templateId", m.TemplateId);
            return w.ToArray();
        }

        public static byte[] Encode(TemplateDeleted m)
        {
            JsonWriter w = new JsonWriter();
            w.WriteString("deviceId", m.DeviceId);
            w.WriteNumber("commandId", m.CommandId);
            w.WriteNumber("templateId", m.TemplateId);
            return w.ToArray();
        }

        public static bool TryDecode(byte[] payload, out TemplateDelete command)
        {
            command = null;
            JsonObjectReader json = JsonObjectReader.Parse(payload);
            long commandId;
            int templateId;
            if (json == null || !json.TryGetLong("commandId", out commandId) || !json.TryGetInt("templateId", out templateId))
            {
                return false;
            }

            command = new TemplateDelete(commandId, templateId);
            return true;
        }

        public static bool TryDecode(byte[] payload, out AccessDecision decision)
        {
            decision = null;
            JsonObjectReader json = JsonObjectReader.Parse(payload);
            if (json == null)
            {
                return false;
            }

            long requestId;
            bool allow;
            int openMs;
            string reason = json.GetString("reason");
            if (!json.TryGetLong("requestId", out requestId) || !json.TryGetBool("allow", out allow)
                || !json.TryGetInt("openMs", out openMs) || reason == null)
            {
                return false;
            }

            // Optional: an older gateway sends none; a text that is not a string is ignored, not a broken decision.
            decision = new AccessDecision(requestId, allow, reason, openMs, json.GetString("text"));
            return true;
        }

        /// <summary>
        /// Reads a journaled event (what a device wrote, e.g. back from its journal): the seven
        /// turnstile fields are required, the journey fields optional (absent means their default;
        /// a JSON null route or vehicle is null, as System.Text.Json reads it).
        /// </summary>
        public static bool TryDecode(byte[] payload, out PassageEvent e)
        {
            e = null;
            JsonObjectReader json = JsonObjectReader.Parse(payload);
            if (json == null)
            {
                return false;
            }

            long seq;
            bool offline;
            long ts;
            string deviceId = json.GetString("deviceId");
            string type = json.GetString("type");
            string cardId = json.GetString("cardId");
            string reason = json.GetString("reason");
            if (deviceId == null || type == null || cardId == null || reason == null || !json.TryGetLong("seq", out seq)
                || !json.TryGetBool("offline", out offline) || !json.TryGetLong("ts", out ts))
            {
                return false;
            }

            string route;
            string vehicle;
            bool hasFix;
            long latE7;
            long lonE7;
            if (!TryGetOptionalString(json, "route", out route) || !TryGetOptionalString(json, "vehicle", out vehicle)
                || !TryGetOptionalBool(json, "hasFix", out hasFix) || !TryGetOptionalLong(json, "latE7", out latE7)
                || !TryGetOptionalLong(json, "lonE7", out lonE7))
            {
                return false;
            }

            e = new PassageEvent(deviceId, seq, type, cardId, reason, offline, ts);
            e.Route = route;
            e.Vehicle = vehicle;
            e.HasFix = hasFix;
            e.LatE7 = latE7;
            e.LonE7 = lonE7;
            return true;
        }

        public static bool TryDecode(byte[] payload, out EventAck ack)
        {
            ack = null;
            JsonObjectReader json = JsonObjectReader.Parse(payload);
            long seq;
            if (json == null || !json.TryGetLong("seq", out seq))
            {
                return false;
            }

            ack = new EventAck(seq);
            return true;
        }

        /// <summary>
        /// Reads an access list of at most <paramref name="maxCards"/> cards in one go, with the
        /// device's own rules (<see cref="AccessListScan"/>): false for a malformed payload, a longer
        /// list, a card id outside the protocol alphabet or cards not in ascending ordinal order.
        /// For .NET hosts and tests: a device applies lists step by step (<see cref="OfflineListSync"/>).
        /// </summary>
        public static bool TryDecode(byte[] payload, int maxCards, out AccessList list)
        {
            list = null;
            AccessListScan scan = new AccessListScan(payload, maxCards);
            if (scan.Step(int.MaxValue) != AccessListScan.Valid)
            {
                return false;
            }

            CardTableBuilder builder = new CardTableBuilder(payload, scan);
            byte[][] pages = new byte[builder.PageCount][];
            while (builder.Step(int.MaxValue) == CardTableBuilder.PageReady)
            {
                pages[builder.ReadyPage] = builder.ReadyBytes;
            }

            CardTable table = new CardTable(pages, builder.Width, builder.Count);
            string[] cards = new string[table.Count];
            byte[] entry = new byte[DeviceIds.MaxLength];
            char[] chars = new char[DeviceIds.MaxLength];
            for (int i = 0; i < cards.Length; i++)
            {
                int length = table.CopyEntry(i, entry);
                for (int k = 0; k < length; k++)
                {
                    chars[k] = (char)entry[k];
                }

                cards[i] = new string(chars, 0, length);
            }

            list = new AccessList(scan.Version, cards);
            return true;
        }

        // Absent or null: null; a string: its text; anything else is not a valid payload.
        private static bool TryGetOptionalString(JsonObjectReader json, string name, out string value)
        {
            JsonMember member = json.Find(name);
            value = null;
            if (member == null || member.Kind == JsonValueKind.Null)
            {
                return true;
            }

            value = json.GetString(name);
            return value != null;
        }

        private static bool TryGetOptionalBool(JsonObjectReader json, string name, out bool value)
        {
            value = false;
            return json.Find(name) == null || json.TryGetBool(name, out value);
        }

        private static bool TryGetOptionalLong(JsonObjectReader json, string name, out long value)
        {
            value = 0;
            return json.Find(name) == null || json.TryGetLong(name, out value);
        }
    }
}
