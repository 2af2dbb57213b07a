using System;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Presence;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// One turnstile lane: card -> ask the gateway -> open the relay -> the rotation sensor
    /// confirms the pass -> journal the event. Written as a polled state machine (ESPHome style):
    /// <see cref="Loop"/> never blocks, so the same code runs on an ESP32 main loop, a Raspberry
    /// Pi timer or thousands of simulated lanes. Not thread-safe: call every member from the
    /// loop's thread (adapters queue MQTT callbacks onto it).
    /// </summary>
    public sealed class TurnstileController
    {
        private readonly TurnstileConfig _config;
        private readonly IRelay _relay;
        private readonly IDigitalInput _rotationSensor;
        private readonly ICardReader _reader;
        private readonly IIndicator _indicator;
        private readonly IClock _clock;
        private readonly ILink _link;
        private readonly EventJournal _journal;
        private readonly JournalPublisher _publisher;
        private readonly RequestIdSource _requestIds;
        private readonly DevicePresence _presence;
        private readonly OfflineAccessList _offlineList;
        private readonly OfflineListSync _listSync;
        private readonly string _decisionTopic;
        private readonly string _ackTopic;
        private readonly string _listTopic;

        private int _state = TurnstileState.Idle;
        private long _deadlineMs;
        private long _requestId;
        private string _cardId;
        private string _reason;
        private bool _offlineDecision;
        private bool _lastSensor;
        private int _shownSignal = -1;

        private int _badMessages;
        private int _ignoredMessages;
        private int _lateDecisions;
        private int _ignoredCards;
        private int _invalidCards;

        public TurnstileController(TurnstileConfig config, IRelay relay, IDigitalInput rotationSensor,
            ICardReader reader, IIndicator indicator, IClock clock, IStorage storage, ILink link)
        {
            if (config == null || relay == null || rotationSensor == null || reader == null || indicator == null
                || clock == null || storage == null || link == null)
            {
                throw new ArgumentNullException(config == null ? "config" : "port");
            }

            if (!DeviceIds.IsValid(config.DeviceId))
            {
                throw new ArgumentException("DeviceId must be 1-64 characters of [A-Za-z0-9-_.:].", "config");
            }

            if (config.Direction != Directions.In && config.Direction != Directions.Out)
            {
                throw new ArgumentException("Direction must be \"in\" or \"out\".", "config");
            }

            _config = config;
            _relay = relay;
            _rotationSensor = rotationSensor;
            _reader = reader;
            _indicator = indicator;
            _clock = clock;
            _link = link;
            _decisionTopic = TopicFor(Topics.AccessDecision);
            _ackTopic = TopicFor(Topics.EventAck);
            _listTopic = TopicFor(Topics.AccessList);

            long now = clock.UptimeMs;
            _journal = new EventJournal(storage, config.JournalCapacity);
            _publisher = new JournalPublisher(_journal, link, TopicFor(Topics.Events), config.ResendAfterMs, now);
            _requestIds = new RequestIdSource(storage);
            _offlineList = new OfflineAccessList(storage);
            _listSync = new OfflineListSync(_offlineList, config.OfflineListCapacity);
            _presence = new DevicePresence(config.DeviceId, DeviceKinds.Turnstile, config.Firmware, link, clock, config.HeartbeatEveryMs);

            // Fail secure at boot: whatever the relay did before a reset, the lane starts locked.
            _relay.Close();
            _lastSensor = rotationSensor.Read();
            ShowIdle();
        }

        /// <summary>A <see cref="TurnstileState"/> constant.</summary>
        public int State
        {
            get { return _state; }
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

        public OfflineAccessList OfflineList
        {
            get { return _offlineList; }
        }

        /// <summary>How the gateway's access lists were applied (newer), ignored (stale) or rejected.</summary>
        public OfflineListSync OfflineListSync
        {
            get { return _listSync; }
        }

        /// <summary>Payloads on our topics that were not valid messages.</summary>
        public int BadMessages
        {
            get { return _badMessages; }
        }

        /// <summary>Messages on topics this controller does not handle.</summary>
        public int IgnoredMessages
        {
            get { return _ignoredMessages; }
        }

        /// <summary>Decisions for a request that is no longer awaited (arrived after the budget, or stale).</summary>
        public int LateDecisions
        {
            get { return _lateDecisions; }
        }

        /// <summary>Cards presented while the lane was busy.</summary>
        public int IgnoredCards
        {
            get { return _ignoredCards; }
        }

        /// <summary>Card ids the reader returned that are not valid protocol ids.</summary>
        public int InvalidCards
        {
            get { return _invalidCards; }
        }

        /// <summary>Events that could not be journaled because the journal was full.</summary>
        public int LostEvents
        {
            get { return _journal.RejectedAppends; }
        }

        /// <summary>Journal entries re-published because no ack came in time or after a reconnect.</summary>
        public int ResentEvents
        {
            get { return _publisher.Resent; }
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

        public void Loop()
        {
            long now = _clock.UptimeMs;
            bool sensor = _rotationSensor.Read();
            bool passed = sensor && !_lastSensor;
            _lastSensor = sensor;

            // Always drain the reader so a tap made while busy is dropped, not replayed later.
            string card = _reader.TryRead();
            if (card != null && _state != TurnstileState.Idle)
            {
                _ignoredCards++;
                card = null;
            }

            if (_state == TurnstileState.Idle)
            {
                if (card != null)
                {
                    StartRequest(card, now);
                }
                else
                {
                    ShowIdle();
                }
            }
            else if (_state == TurnstileState.AwaitingDecision)
            {
                if (now - _deadlineMs >= 0)
                {
                    DecideOffline(now);
                }
            }
            else if (_state == TurnstileState.Open)
            {
                if (passed)
                {
                    FinishOpening(_config.Direction == Directions.Out ? PassageTypes.Exited : PassageTypes.Entered, now);
                }
                else if (now - _deadlineMs >= 0)
                {
                    FinishOpening(PassageTypes.Abandoned, now);
                }
            }
            else if (_state == TurnstileState.Refused && now - _deadlineMs >= 0)
            {
                ToIdle();
            }

            _publisher.Loop(now);
            _presence.Loop(now, _journal.Pending);
        }

        /// <summary>The link (re)connected: announce ourselves and re-send the unacknowledged journal.</summary>
        public void OnConnected()
        {
            long now = _clock.UptimeMs;
            _presence.OnConnected();
            _publisher.OnConnected(now);
            if (_state == TurnstileState.Idle)
            {
                ShowIdle();
            }
        }

        /// <summary>A message arrived on one of this device's topics. Never throws: bad input is counted.</summary>
        public void OnMessage(string topic, byte[] payload)
        {
            try
            {
                if (topic == _decisionTopic)
                {
                    AccessDecision decision;
                    if (!WireCodec.TryDecode(payload, out decision))
                    {
                        _badMessages++;
                        return;
                    }

                    ApplyDecision(decision);
                }
                else if (topic == _ackTopic)
                {
                    EventAck ack;
                    if (!WireCodec.TryDecode(payload, out ack))
                    {
                        _badMessages++;
                        return;
                    }

                    _publisher.OnAck(ack.Seq, _clock.UptimeMs);
                }
                else if (topic == _listTopic)
                {
                    if (!_listSync.OnMessage(payload))
                    {
                        _badMessages++;
                    }
                }
                else
                {
                    _ignoredMessages++;
                }
            }
            catch (Exception)
            {
                // A storage or link fault while handling one message must not stop the lane.
                _badMessages++;
            }
        }

        private void StartRequest(string card, long now)
        {
            if (!DeviceIds.IsValid(card))
            {
                _invalidCards++;
                return;
            }

            _cardId = card;
            _requestId = _requestIds.Next();
            _state = TurnstileState.AwaitingDecision;
            _deadlineMs = now + _config.DecisionBudgetMs;

            AccessRequest request = new AccessRequest(_config.DeviceId, _requestId, card, _config.Direction, _clock.UtcNowMs);

            // Without a link there is no point burning the budget: decide offline right away.
            if (!_link.IsConnected || !_link.Publish(TopicFor(Topics.AccessRequest), WireCodec.Encode(request), false))
            {
                DecideOffline(now);
            }
        }

        private void ApplyDecision(AccessDecision decision)
        {
            if (_state != TurnstileState.AwaitingDecision || decision.RequestId != _requestId)
            {
                _lateDecisions++;
                return;
            }

            long now = _clock.UptimeMs;
            _offlineDecision = false;
            if (decision.Allow)
            {
                Grant(decision.Reason, decision.OpenMs, now);
            }
            else
            {
                Refuse(decision.Reason, now);
            }
        }

        private void DecideOffline(long now)
        {
            _offlineDecision = true;
            if (_offlineList.Contains(_cardId))
            {
                Grant(Reasons.OfflineList, 0, now);
            }
            else
            {
                Refuse(Reasons.NotInOfflineList, now);
            }
        }

        private void Grant(string reason, int openMs, long now)
        {
            _reason = reason;
            _state = TurnstileState.Open;
            _deadlineMs = now + (openMs > 0 ? openMs : _config.DefaultOpenMs);
            _relay.Open();
            Show(IndicatorSignal.Granted);
        }

        private void Refuse(string reason, long now)
        {
            _reason = reason;
            _state = TurnstileState.Refused;
            _deadlineMs = now + _config.RefusedSignalMs;
            Show(IndicatorSignal.Refused);
            Journal(PassageTypes.Refused, now);
        }

        private void FinishOpening(string type, long now)
        {
            _relay.Close();
            Journal(type, now);
            ToIdle();
        }

        private void Journal(string type, long now)
        {
            PassageEvent e = new PassageEvent(_config.DeviceId, 0, type, _cardId, _reason, _offlineDecision, _clock.UtcNowMs);
            byte[] payload = _journal.TryAppend(e);
            if (payload != null)
            {
                _publisher.PublishNew(payload, now);
            }
        }

        private void ToIdle()
        {
            _state = TurnstileState.Idle;
            _cardId = null;
            _reason = null;
            ShowIdle();
        }

        private void ShowIdle()
        {
            Show(_link.IsConnected ? IndicatorSignal.Idle : IndicatorSignal.Offline);
        }

        // Only changes reach the indicator: a GPIO write per 10 ms loop would be wasted work.
        private void Show(int signal)
        {
            if (signal != _shownSignal)
            {
                _shownSignal = signal;
                _indicator.Show(signal);
            }
        }
    }
}
