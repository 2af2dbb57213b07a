using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Access
{
    /// <summary>
    /// Applies the gateway's retained access lists to the <see cref="OfflineAccessList"/>. The
    /// broker re-delivers the retained list on every subscribe, and a list published before a
    /// newer one may still arrive after it, so only a strictly newer version replaces the stored
    /// list: a stale list must never bring back a card the gateway has since revoked.
    /// </summary>
    public sealed class OfflineListSync
    {
        private readonly OfflineAccessList _list;
        private readonly int _capacity;
        private int _appliedLists;
        private int _staleLists;
        private int _rejectedLists;

        public OfflineListSync(OfflineAccessList list, int capacity)
        {
            _list = list;
            _capacity = capacity;
        }

        /// <summary>Lists that replaced the stored one.</summary>
        public int AppliedLists
        {
            get { return _appliedLists; }
        }

        /// <summary>Lists whose version was not newer than the stored one (every reconnect re-delivers one).</summary>
        public int StaleLists
        {
            get { return _staleLists; }
        }

        /// <summary>Lists that were malformed, held an invalid card id, or exceeded the capacity.</summary>
        public int RejectedLists
        {
            get { return _rejectedLists; }
        }

        /// <summary>False when the payload was rejected (the stored list stays as it was).</summary>
        public bool OnMessage(byte[] payload)
        {
            AccessList list;
            if (!WireCodec.TryDecode(payload, _capacity, out list))
            {
                _rejectedLists++;
                return false;
            }

            if (list.Version <= _list.Version)
            {
                _staleLists++;
                return true;
            }

            _list.Replace(list.Cards, list.Version);
            _appliedLists++;
            return true;
        }
    }
}
