using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Presence
{
    /// <summary>
    /// What every device tells the gateway about itself, whatever it controls: the retained
    /// "online" state on each (re)connect, the "offline" last will the broker publishes when the
    /// connection dies, and a periodic heartbeat with the journal backlog.
    /// </summary>
    public sealed class DevicePresence
    {
        private readonly string _deviceId;
        private readonly string _kind;
        private readonly string _firmware;
        private readonly ILink _link;
        private readonly IClock _clock;
        private readonly int _heartbeatEveryMs;
        private long _lastHeartbeatMs;

        public DevicePresence(string deviceId, string kind, string firmware, ILink link, IClock clock, int heartbeatEveryMs)
        {
            _deviceId = deviceId;
            _kind = kind;
            _firmware = firmware;
            _link = link;
            _clock = clock;
            _heartbeatEveryMs = heartbeatEveryMs;
            _lastHeartbeatMs = clock.UptimeMs;
        }

        public byte[] LastWillPayload()
        {
            return StatePayload(DeviceStatus.Offline);
        }

        public void OnConnected()
        {
            _link.Publish(Topics.ForDevice(_deviceId, Topics.State), StatePayload(DeviceStatus.Online), true);
            _lastHeartbeatMs = _clock.UptimeMs;
        }

        public void Loop(long nowMs, int pendingEvents)
        {
            if (!_link.IsConnected || nowMs - _lastHeartbeatMs < _heartbeatEveryMs)
            {
                return;
            }

            _lastHeartbeatMs = nowMs;
            Heartbeat heartbeat = new Heartbeat(_deviceId, nowMs / 1000, pendingEvents, _clock.UtcNowMs);
            _link.Publish(Topics.ForDevice(_deviceId, Topics.Heartbeat), WireCodec.Encode(heartbeat), false);
        }

        private byte[] StatePayload(string status)
        {
            return WireCodec.Encode(new DeviceState(_deviceId, _kind, status, _firmware, _clock.UtcNowMs));
        }
    }
}
