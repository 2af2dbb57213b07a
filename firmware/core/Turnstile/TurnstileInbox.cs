using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Biometrics;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// What the gateway sends a turnstile, routed by topic: event acks go to the journal
    /// publisher, access lists to the offline list sync, template deletes to the fingerprint
    /// module (when the lane has one), and decisions back to the lane, which must act on them at
    /// once. Malformed payloads and other topics are counted, never thrown.
    /// </summary>
    public sealed class TurnstileInbox
    {
        private readonly JournalPublisher _publisher;
        private readonly OfflineListSync _listSync;
        private readonly IClock _clock;
        private readonly string _decisionTopic;
        private readonly string _ackTopic;
        private readonly string _listTopic;
        private readonly string _deleteTopic;
        private readonly TemplateDeleter _templates;
        private int _badMessages;
        private int _ignoredMessages;

        /// <param name="templates">The lane's fingerprint module; null when it has none (deletes are then ignored, never confirmed).</param>
        public TurnstileInbox(string deviceId, JournalPublisher publisher, OfflineListSync listSync, TemplateDeleter templates, IClock clock)
        {
            _publisher = publisher;
            _listSync = listSync;
            _templates = templates;
            _clock = clock;
            _decisionTopic = Topics.ForDevice(deviceId, Topics.AccessDecision);
            _ackTopic = Topics.ForDevice(deviceId, Topics.EventAck);
            _listTopic = Topics.ForDevice(deviceId, Topics.AccessList);
            _deleteTopic = Topics.ForDevice(deviceId, Topics.BiometricDelete);
        }

        /// <summary>Payloads on our topics that were not valid messages, or whose handling failed.</summary>
        public int BadMessages
        {
            get { return _badMessages; }
        }

        /// <summary>Messages on topics a turnstile does not handle.</summary>
        public int IgnoredMessages
        {
            get { return _ignoredMessages; }
        }

        /// <summary>
        /// Handles one message; returns the decoded <see cref="AccessDecision"/> for the lane to
        /// apply, or null when there is none. Storage faults of the handlers propagate: the
        /// caller counts them with <see cref="CountFault"/>.
        /// </summary>
        public AccessDecision Receive(string topic, byte[] payload)
        {
            if (topic == _decisionTopic)
            {
                AccessDecision decision;
                if (!WireCodec.TryDecode(payload, out decision))
                {
                    _badMessages++;
                    return null;
                }

                return decision;
            }

            if (topic == _ackTopic)
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
            else if (topic == _listTopic)
            {
                // Checked and applied over the next loop steps; a bad list counts in RejectedLists.
                _listSync.OnMessage(payload);
            }
            else if (topic == _deleteTopic && _templates != null)
            {
                if (!_templates.OnMessage(payload))
                {
                    _badMessages++;
                }
            }
            else
            {
                _ignoredMessages++;
            }

            return null;
        }

        /// <summary>A storage or link fault while handling a message: counted as a bad message.</summary>
        public void CountFault()
        {
            _badMessages++;
        }
    }
}
