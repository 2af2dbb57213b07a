using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// The lane's credentials: its card reader and, when it has one, its fingerprint module, whose
    /// match is asked for as <c>fp:{templateId}</c> like any card. Both are drained on every read,
    /// so nothing presented while the lane is busy is replayed later.
    /// </summary>
    public sealed class CredentialSource
    {
        private readonly ICardReader _cards;
        private readonly IFingerprintReader _fingerprints;
        private int _collisions;

        public CredentialSource(ICardReader cards, IFingerprintReader fingerprints)
        {
            _cards = cards;
            _fingerprints = fingerprints;
        }

        /// <summary>Fingers matched in the same step as a card was read: the card went first.</summary>
        public int Collisions
        {
            get { return _collisions; }
        }

        /// <summary>The credential presented since the last call, or null.</summary>
        public string TryRead()
        {
            string card = _cards.TryRead();
            if (_fingerprints == null)
            {
                return card;
            }

            int template = _fingerprints.TryMatch();
            if (template < 0)
            {
                return card;
            }

            // One child at a time passes a lane: the card wins, the finger is dropped and counted.
            if (card != null)
            {
                _collisions++;
                return card;
            }

            return Credentials.Fingerprint(template);
        }
    }
}
