using System;
using SchoolGate.Firmware.Core.Device;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Biometrics;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Presence;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// One turnstile lane: card (or a finger the lane's fingerprint module matched, asked for as
    /// <c>fp:{templateId}</c>) -> ask the gateway -> open the relay -> the rotation sensor
    /// confirms the pass -> journal the event. Written as a polled state machine (ESPHome style):
    /// <see cref="Loop"/> never blocks, so the same code runs on an ESP32 main loop, a Raspberry
    /// Pi timer or thousands of simulated lanes. Not thread-safe: call every member from the
    /// loop's thread (adapters queue MQTT callbacks onto it). The lane's states live here; asking
    /// (<see cref="AccessRequester"/>), the open or refused window (<see cref="PassageWindow"/>),
    /// the indicator (<see cref="LaneIndicator"/>) and incoming messages
    /// (<see cref="TurnstileInbox"/>) are delegated.
    /// </summary>
    public sealed class TurnstileController : IDeviceController
    {
        private readonly TurnstileConfig _config;
        private readonly CredentialSource _credentials;
        private readonly TemplateDeleter _templates;
        private readonly IClock _clock;
        private readonly EventJournal _journal;
        private readonly JournalPublisher _publisher;
        private readonly DevicePresence _presence;
        private readonly OfflineAccessList _offlineList;
        private readonly OfflineListSync _listSync;
        private readonly AccessRequester _access;
        private readonly PassageWindow _window;
        private readonly LaneIndicator _indicator;
        private readonly TurnstileInbox _inbox;

        private int _state = TurnstileState.Idle;
        private int _ignoredCards;
        private string _laneText;

        public TurnstileController(TurnstileConfig config, IRelay relay, IDigitalInput rotationSensor,
            ICardReader reader, IIndicator indicator, IClock clock, IStorage storage, ILink link)
            : this(config, relay, rotationSensor, reader, null, indicator, clock, storage, link)
        {
        }

        /// <param name="fingerprints">
        /// The lane's fingerprint module beside its card reader, or null for a card-only lane. A card
        /// always keeps working: consent to fingerprints can be revoked at any time.
        /// </param>
        public TurnstileController(TurnstileConfig config, IRelay relay, IDigitalInput rotationSensor,
            ICardReader reader, IFingerprintReader fingerprints, IIndicator indicator, IClock clock, IStorage storage, ILink link)
        {
            if (config == null || relay == null || rotationSensor == null || reader == null || indicator == null
                || clock == null || storage == null || link == null)
            {
                throw new ArgumentNullException(config == null ? "config" : "port");
            }

            config.Validate();
            _config = config;
            _credentials = new CredentialSource(reader, fingerprints);
            _clock = clock;

            long now = clock.UptimeMs;
            _journal = new EventJournal(storage, config.JournalCapacity);
            _publisher = new JournalPublisher(_journal, link, TopicFor(Topics.Events), config.ResendAfterMs, now);
            RequestIdSource requestIds = new RequestIdSource(storage);
            _offlineList = new OfflineAccessList(storage);
            _listSync = new OfflineListSync(_offlineList, config.OfflineListCapacity, config.OfflineListMaxBytes);
            _presence = new DevicePresence(config.DeviceId, DeviceKinds.Turnstile, config.Firmware, link, clock, config.HeartbeatEveryMs);
            _access = new AccessRequester(config, link, clock, requestIds, _offlineList);
            _templates = fingerprints == null ? null : new TemplateDeleter(config.DeviceId, fingerprints, link);
            _inbox = new TurnstileInbox(config.DeviceId, _publisher, _listSync, _templates, clock);
            _indicator = new LaneIndicator(indicator, link);
            _window = new PassageWindow(relay, rotationSensor, config);
            _indicator.ShowIdle();
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

        /// <summary>Payloads on our topics that were not valid messages (access lists count once checked).</summary>
        public int BadMessages
        {
            get { return _inbox.BadMessages + _listSync.RejectedLists; }
        }

        /// <summary>Messages on topics this controller does not handle.</summary>
        public int IgnoredMessages
        {
            get { return _inbox.IgnoredMessages; }
        }

        /// <summary>Decisions for a request that is no longer awaited (arrived after the budget, or stale).</summary>
        public int LateDecisions
        {
            get { return _access.LateDecisions; }
        }

        /// <summary>
        /// The text of the gateway's last decision for the lane display (e.g. "Already inside - see
        /// security"), or null when it sent none or the lane decided offline. A display shows at most
        /// <see cref="Reasons.MaxTextLength"/> characters of it.
        /// </summary>
        public string LaneText
        {
            get { return _laneText; }
        }

        /// <summary>Templates deleted from the fingerprint module on the gateway's command (0 without a module).</summary>
        public int DeletedTemplates
        {
            get { return _templates == null ? 0 : _templates.Deleted; }
        }

        /// <summary>Template deletes the module did not confirm (left to the gateway's re-send).</summary>
        public int FailedTemplateDeletes
        {
            get { return _templates == null ? 0 : _templates.Failed; }
        }

        /// <summary>Cards (or matched fingers) presented while the lane was busy.</summary>
        public int IgnoredCards
        {
            get { return _ignoredCards + _credentials.Collisions; }
        }

        /// <summary>Card ids the reader returned that are not valid protocol ids.</summary>
        public int InvalidCards
        {
            get { return _access.InvalidCards; }
        }

        /// <summary>Events that could not be journaled because the journal was full (or the storage kept failing).</summary>
        public int LostEvents
        {
            get { return _journal.RejectedAppends + _publisher.DroppedUnjournaled; }
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
            bool passed = _window.SamplePass();

            // Always drain the readers so a tap made while busy is dropped, not replayed later.
            string card = _credentials.TryRead();
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
                    _indicator.ShowIdle();
                }
            }
            else if (_state == TurnstileState.AwaitingDecision)
            {
                if (_access.BudgetSpent(now))
                {
                    _laneText = null;
                    Decide(_access.DecideOffline(), 0, now);
                }
            }
            else if (_state == TurnstileState.Open)
            {
                string passage = _window.Passage(passed, now);
                if (passage != null)
                {
                    FinishOpening(passage, now);
                }
            }
            else if (_state == TurnstileState.Refused && _window.Expired(now))
            {
                ToIdle();
            }

            _publisher.Loop(now);
            _presence.Loop(now, _journal.Pending);
            // Last: a flash fault while storing a list page must not cost this step its lane work.
            _listSync.Loop();
        }

        /// <summary>The link (re)connected: announce ourselves and re-send the unacknowledged journal.</summary>
        public void OnConnected()
        {
            long now = _clock.UptimeMs;
            _presence.OnConnected();
            _publisher.OnConnected(now);
            if (_state == TurnstileState.Idle)
            {
                _indicator.ShowIdle();
            }
        }

        /// <summary>A message arrived on one of this device's topics. Never throws: bad input is counted.</summary>
        public void OnMessage(string topic, byte[] payload)
        {
            try
            {
                AccessDecision decision = _inbox.Receive(topic, payload);
                if (decision != null)
                {
                    ApplyDecision(decision);
                }
            }
            catch (Exception)
            {
                // A storage or link fault while handling one message must not stop the lane.
                _inbox.CountFault();
            }
        }

        private void StartRequest(string card, long now)
        {
            if (!_access.Begin(card, now))
            {
                return;
            }

            _state = TurnstileState.AwaitingDecision;

            // Without a link there is no point burning the budget: decide offline right away.
            if (!_access.Send())
            {
                _laneText = null;
                Decide(_access.DecideOffline(), 0, now);
            }
        }

        private void ApplyDecision(AccessDecision decision)
        {
            if (_access.Accept(decision))
            {
                _laneText = decision.Text;
                Decide(decision.Allow, decision.OpenMs, _clock.UptimeMs);
            }
        }

        private void Decide(bool allow, int openMs, long now)
        {
            if (allow)
            {
                Grant(openMs, now);
            }
            else
            {
                Refuse(now);
            }
        }

        private void Grant(int openMs, long now)
        {
            _state = TurnstileState.Open;
            _window.Open(openMs, now);
            _indicator.Show(IndicatorSignal.Granted);
        }

        private void Refuse(long now)
        {
            _state = TurnstileState.Refused;
            _window.HoldRefusal(now);
            _indicator.Show(IndicatorSignal.Refused);
            _publisher.Publish(_access.EventFor(PassageTypes.Refused), now);
        }

        private void FinishOpening(string passageType, long now)
        {
            // The lane is done before the journal is touched: a storage fault while journaling
            // must not leave it "open", to end later as a second, wrong "abandoned" event.
            _window.Close();
            ToIdle();
            _publisher.Publish(_access.EventFor(passageType), now);
        }

        private void ToIdle()
        {
            _state = TurnstileState.Idle;
            _indicator.ShowIdle();
        }
    }
}
