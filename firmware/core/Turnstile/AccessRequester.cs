using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// The lane's question about one card: sends the <see cref="AccessRequest"/>, matches the
    /// gateway's decision to it and, when the gateway stays silent past the decision budget,
    /// answers from the offline access list instead. At most one request is open, and only a
    /// decision carrying its id closes it, so a late answer can never open the lane for the next
    /// child.
    /// </summary>
    public sealed class AccessRequester
    {
        private readonly TurnstileConfig _config;
        private readonly ILink _link;
        private readonly IClock _clock;
        private readonly RequestIdSource _requestIds;
        private readonly OfflineAccessList _offlineList;
        private readonly string _requestTopic;

        private bool _awaiting;
        private bool _offline;
        private long _requestId;
        private long _deadlineMs;
        private string _cardId;
        private string _reason;
        private int _lateDecisions;
        private int _invalidCards;

        public AccessRequester(TurnstileConfig config, ILink link, IClock clock, RequestIdSource requestIds,
            OfflineAccessList offlineList)
        {
            _config = config;
            _link = link;
            _clock = clock;
            _requestIds = requestIds;
            _offlineList = offlineList;
            _requestTopic = Topics.ForDevice(config.DeviceId, Topics.AccessRequest);
        }

        /// <summary>Decisions for a request that is no longer awaited (arrived after the budget, or stale).</summary>
        public int LateDecisions
        {
            get { return _lateDecisions; }
        }

        /// <summary>Card ids the reader returned that are not valid protocol ids.</summary>
        public int InvalidCards
        {
            get { return _invalidCards; }
        }

        /// <summary>
        /// Opens a request for <paramref name="card"/>; <see cref="Send"/> then publishes it.
        /// False, and counted, when the id is outside the protocol alphabet: nothing is asked.
        /// </summary>
        public bool Begin(string card, long now)
        {
            if (!DeviceIds.IsValid(card))
            {
                _invalidCards++;
                return false;
            }

            _cardId = card;
            _requestId = _requestIds.Next();
            _awaiting = true;
            _deadlineMs = now + _config.DecisionBudgetMs;
            return true;
        }

        /// <summary>Publishes the open request; false when it did not reach the link.</summary>
        public bool Send()
        {
            AccessRequest request = new AccessRequest(_config.DeviceId, _requestId, _cardId, _config.Direction, _clock.UtcNowMs);
            return _link.IsConnected && _link.Publish(_requestTopic, WireCodec.Encode(request), false);
        }

        /// <summary>The decision budget of the open request has run out.</summary>
        public bool BudgetSpent(long now)
        {
            return now - _deadlineMs >= 0;
        }

        /// <summary>
        /// True when <paramref name="decision"/> answers the open request, which it closes;
        /// anything else is counted as late and must be ignored.
        /// </summary>
        public bool Accept(AccessDecision decision)
        {
            if (!_awaiting || decision.RequestId != _requestId)
            {
                _lateDecisions++;
                return false;
            }

            _awaiting = false;
            _offline = false;
            _reason = decision.Reason;
            return true;
        }

        /// <summary>Closes the open request without the gateway: true when the offline list holds the card.</summary>
        public bool DecideOffline()
        {
            _awaiting = false;
            _offline = true;
            bool allowed = _offlineList.Contains(_cardId);
            _reason = allowed ? Reasons.OfflineList : Reasons.NotInOfflineList;
            return allowed;
        }

        /// <summary>The event recording how the last request ended: its card, the decision's reason and where it came from.</summary>
        public PassageEvent EventFor(string passageType)
        {
            return new PassageEvent(_config.DeviceId, 0, passageType, _cardId, _reason, _offline, _clock.UtcNowMs);
        }
    }
}
