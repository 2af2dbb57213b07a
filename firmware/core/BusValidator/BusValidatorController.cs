using System;
using SchoolGate.Firmware.Core.Device;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Presence;
using SchoolGate.Firmware.Core.Protocol;
using SchoolGate.Firmware.Core.Turnstile;

namespace SchoolGate.Firmware.Core.BusValidator
{
    /// <summary>
    /// A validator on a school bus: a card tap becomes a journaled <see cref="PassageTypes.Boarded"/>
    /// event (<see cref="PassageTypes.Alighted"/> on the exit door's reader when
    /// <see cref="BusValidatorConfig.TapOff"/> is set) with the route, the vehicle and, when the
    /// GPS has a fresh fix, where the bus was. The fare is the transport operator's business: the
    /// validator asks the gateway nothing and accepts every readable card at once (green light),
    /// so a bus out of coverage works exactly like one in it, and the journal delivers the taps
    /// when the link returns. Polled like the turnstile (<see cref="Loop"/> never blocks); not
    /// thread-safe: call every member from the loop's thread.
    /// </summary>
    public sealed class BusValidatorController : IDeviceController
    {
        private readonly BusValidatorConfig _config;
        private readonly ICardReader _boardingReader;
        private readonly ICardReader _alightingReader;
        private readonly IPositionSource _position;
        private readonly IClock _clock;
        private readonly ILink _link;
        private readonly EventJournal _journal;
        private readonly JournalPublisher _publisher;
        private readonly DevicePresence _presence;
        private readonly LaneIndicator _indicator;
        private readonly RecentTaps _boarded;
        private readonly RecentTaps _alighted;
        private readonly string _ackTopic;
        private string _route;
        private string _vehicle;
        private long _signalUntilMs;
        private bool _signalOn;
        private int _taps;
        private int _duplicateTaps;
        private int _invalidCards;
        private int _tapsWithFix;
        private int _badMessages;
        private int _ignoredMessages;

        /// <param name="alightingReader">The exit door's reader; required with <see cref="BusValidatorConfig.TapOff"/>, ignored without.</param>
        /// <param name="position">The GPS receiver; null on a validator without one (its taps carry no position).</param>
        public BusValidatorController(BusValidatorConfig config, ICardReader boardingReader, ICardReader alightingReader,
            IIndicator indicator, IPositionSource position, IClock clock, IStorage storage, ILink link)
        {
            if (config == null || boardingReader == null || indicator == null || clock == null || storage == null || link == null
                || (config.TapOff && alightingReader == null))
            {
                throw new ArgumentNullException(config == null ? "config" : "port");
            }

            config.Validate();
            _config = config;
            _boardingReader = boardingReader;
            _alightingReader = config.TapOff ? alightingReader : null;
            _position = position;
            _clock = clock;
            _link = link;
            _route = config.Route;
            _vehicle = config.Vehicle;
            _boarded = new RecentTaps(config.DedupeWindowMs);
            _alighted = new RecentTaps(config.DedupeWindowMs);
            _ackTopic = TopicFor(Topics.EventAck);

            long now = clock.UptimeMs;
            _journal = new EventJournal(storage, config.JournalCapacity);
            _publisher = new JournalPublisher(_journal, link, TopicFor(Topics.Events), config.ResendAfterMs, now);
            _presence = new DevicePresence(config.DeviceId, DeviceKinds.BusValidator, config.Firmware, link, clock, config.HeartbeatEveryMs);
            _indicator = new LaneIndicator(indicator, link);
            _indicator.ShowIdle();
        }

        /// <summary>Taps journaled (or refused by a full journal), duplicates not counted.</summary>
        public int Taps
        {
            get { return _taps; }
        }

        /// <summary>Taps of a card already taken on the same reader within the dedupe window: signalled, not journaled.</summary>
        public int DuplicateTaps
        {
            get { return _duplicateTaps; }
        }

        /// <summary>Taps that carried a GPS position.</summary>
        public int TapsWithFix
        {
            get { return _tapsWithFix; }
        }

        /// <summary>Card ids the reader returned that are not valid protocol ids.</summary>
        public int InvalidCards
        {
            get { return _invalidCards; }
        }

        /// <summary>Journal entries not yet acknowledged by the gateway.</summary>
        public int PendingEvents
        {
            get { return _journal.Pending; }
        }

        public long LastAckedSeq
        {
            get { return _journal.AckedSeq; }
        }

        public long LastSeq
        {
            get { return _journal.LastSeq; }
        }

        /// <summary>Taps that could not be journaled because the journal was full (or the storage kept failing).</summary>
        public int LostEvents
        {
            get { return _journal.RejectedAppends + _publisher.DroppedUnjournaled; }
        }

        /// <summary>Journal entries re-published because no ack came in time or after a reconnect.</summary>
        public int ResentEvents
        {
            get { return _publisher.Resent; }
        }

        /// <summary>Payloads on our ack topic that were not valid acks, or whose handling failed.</summary>
        public int BadMessages
        {
            get { return _badMessages; }
        }

        /// <summary>Messages on topics a validator does not handle (access decisions and lists are for turnstiles).</summary>
        public int IgnoredMessages
        {
            get { return _ignoredMessages; }
        }

        public string Route
        {
            get { return _route; }
        }

        public string Vehicle
        {
            get { return _vehicle; }
        }

        public string TopicFor(string leaf)
        {
            return Topics.ForDevice(_config.DeviceId, leaf);
        }

        /// <summary>The retained DeviceState the broker publishes for us if the connection dies.</summary>
        public byte[] LastWillPayload()
        {
            return _presence.LastWillPayload();
        }

        /// <summary>
        /// The driver starts another route (or the depot moves the validator to another bus): taps
        /// from now on carry these. Kept in RAM only: after a reboot the configured ones apply, so
        /// a device with a driver console persists the choice in its own settings. False, and
        /// nothing changes, for a value outside the protocol alphabet.
        /// </summary>
        public bool ChangeRoute(string route, string vehicle)
        {
            if (!BusValidatorConfig.IsValidLabel(route) || !BusValidatorConfig.IsValidLabel(vehicle))
            {
                return false;
            }

            _route = route;
            _vehicle = vehicle;
            return true;
        }

        public void Loop()
        {
            long now = _clock.UptimeMs;
            Take(_boardingReader.TryRead(), PassageTypes.Boarded, _boarded, now);
            if (_alightingReader != null)
            {
                Take(_alightingReader.TryRead(), PassageTypes.Alighted, _alighted, now);
            }

            if (_signalOn && now >= _signalUntilMs)
            {
                _signalOn = false;
            }

            if (!_signalOn)
            {
                // Follows the link: Offline while it is down (the taps are still taken).
                _indicator.ShowIdle();
            }

            _publisher.Loop(now);
            _presence.Loop(now, _journal.Pending);
        }

        /// <summary>The link (re)connected: announce ourselves and re-send the unacknowledged journal.</summary>
        public void OnConnected()
        {
            _presence.OnConnected();
            _publisher.OnConnected(_clock.UptimeMs);
            if (!_signalOn)
            {
                _indicator.ShowIdle();
            }
        }

        /// <summary>A message arrived on one of this device's topics. Never throws: bad input is counted.</summary>
        public void OnMessage(string topic, byte[] payload)
        {
            if (topic != _ackTopic)
            {
                _ignoredMessages++;
                return;
            }

            try
            {
                EventAck ack;
                if (WireCodec.TryDecode(payload, out ack))
                {
                    _publisher.OnAck(ack.Seq, _clock.UptimeMs);
                }
                else
                {
                    _badMessages++;
                }
            }
            catch (Exception)
            {
                // A storage fault while dropping acknowledged entries must not stop the validator.
                _badMessages++;
            }
        }

        private void Take(string card, string type, RecentTaps recent, long now)
        {
            if (card == null)
            {
                return;
            }

            if (!DeviceIds.IsValid(card))
            {
                _invalidCards++;
                return;
            }

            // Every readable card is accepted at once, a repeat too: the child must not wonder.
            _indicator.Show(IndicatorSignal.Granted);
            _signalOn = true;
            _signalUntilMs = now + _config.AcceptSignalMs;
            if (recent.IsRepeat(card, now))
            {
                _duplicateTaps++;
                return;
            }

            recent.Taken(card, now);
            _taps++;
            _publisher.Publish(EventFor(card, type), now);
        }

        private PassageEvent EventFor(string card, string type)
        {
            // "offline": the tap was taken while the link was down, so the gateway hears of it late.
            PassageEvent e = new PassageEvent(_config.DeviceId, 0, type, card, Reasons.Ok, !_link.IsConnected, _clock.UtcNowMs);
            e.Route = _route;
            e.Vehicle = _vehicle;
            if (_position != null && _position.HasFix && _position.FixAgeMs <= _config.MaxFixAgeMs)
            {
                e.HasFix = true;
                e.LatE7 = _position.LatE7;
                e.LonE7 = _position.LonE7;
                _tapsWithFix++;
            }

            return e;
        }
    }
}
