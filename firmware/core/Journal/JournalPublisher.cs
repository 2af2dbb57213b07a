using System.Collections;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Journal
{
    /// <summary>
    /// Gets journaled events to the gateway: publishes each new event at once, and re-publishes
    /// everything still unacknowledged after a reconnect or when <c>resendAfterMs</c> passes
    /// without progress. Re-sending is batched across loop calls so a long backlog never
    /// stalls the lane; duplicates are harmless because the gateway is idempotent on seq.
    /// </summary>
    /// <remarks>
    /// At most <see cref="MaxInFlight"/> events beyond the last acknowledged one are handed to the
    /// link: nanoFramework's M2Mqtt queues every QoS 1 publish until its PUBACK with no limit by
    /// default (nanoFramework.m2mqtt M2Mqtt/MqttSettings.cs, DefaultInflightQueueSize =
    /// int.MaxValue), so a 500-event backlog sent at once would sit in RAM as 500 message
    /// contexts. The rest follows as acks slide the window.
    /// </remarks>
    public sealed class JournalPublisher
    {
        /// <summary>Entries re-published per loop call: bounded work keeps the loop non-blocking.</summary>
        public const int ResendBatch = 16;

        /// <summary>
        /// Events kept in RAM while the storage refuses to journal them (a busy or failing flash),
        /// retried every loop in the order they happened; beyond this they are counted as lost.
        /// </summary>
        public const int MaxUnjournaled = 16;

        /// <summary>Events published but not yet acknowledged, at most (see remarks).</summary>
        public const int MaxInFlight = 32;

        private readonly EventJournal _journal;
        private readonly ArrayList _unjournaled = new ArrayList();
        private int _droppedUnjournaled;
        private readonly ILink _link;
        private readonly string _topic;
        private readonly int _resendAfterMs;
        private long _lastProgressMs;
        private long _resendCursor;
        private int _resent;

        public JournalPublisher(EventJournal journal, ILink link, string topic, int resendAfterMs, long nowMs)
        {
            _journal = journal;
            _link = link;
            _topic = topic;
            _resendAfterMs = resendAfterMs;
            _lastProgressMs = nowMs;
        }

        /// <summary>Entries re-published so far (not counting first publishes).</summary>
        public int Resent
        {
            get { return _resent; }
        }

        /// <summary>Events not yet journaled because the storage failed (kept in RAM, retried every loop).</summary>
        public int Unjournaled
        {
            get { return _unjournaled.Count; }
        }

        /// <summary>Events dropped because the storage kept failing and <see cref="MaxUnjournaled"/> were already waiting.</summary>
        public int DroppedUnjournaled
        {
            get { return _droppedUnjournaled; }
        }

        /// <summary>
        /// Journals <paramref name="e"/> (assigning its seq) and only then publishes it, so an
        /// event the gateway may have seen is always one the device can re-send. A full journal
        /// refuses the event (counted in <see cref="EventJournal.RejectedAppends"/>). A storage
        /// fault propagates, but the event stays in RAM and is journaled by a later call.
        /// </summary>
        public void Publish(PassageEvent e, long nowMs)
        {
            if (_unjournaled.Count >= MaxUnjournaled)
            {
                _droppedUnjournaled++;
            }
            else
            {
                _unjournaled.Add(e);
            }

            JournalWaiting(nowMs);
        }

        // Oldest first, so seqs follow the order things happened. A write that throws leaves the
        // event at the head (its seq is not consumed: the journal only counts it once the meta is
        // written) and the exception goes to the caller.
        private void JournalWaiting(long nowMs)
        {
            while (_unjournaled.Count > 0)
            {
                byte[] payload = _journal.TryAppend((PassageEvent)_unjournaled[0]);
                _unjournaled.RemoveAt(0);
                if (payload != null)
                {
                    Send(payload, nowMs);
                }
            }
        }

        private void Send(byte[] payload, long nowMs)
        {
            if (_journal.Pending == 1)
            {
                // The backlog was empty, so the resend clock starts with this event.
                _lastProgressMs = nowMs;
            }

            if (!_link.IsConnected || _resendCursor != 0)
            {
                // Offline the journal keeps it for the next connect; an open round will reach it.
                return;
            }

            if (_journal.Pending <= MaxInFlight)
            {
                _link.Publish(_topic, payload, false);
            }
            else
            {
                // The window is full: a round sends it once acks make room.
                _resendCursor = _journal.LastSeq;
            }
        }

        public void OnConnected(long nowMs)
        {
            _resendCursor = _journal.Pending > 0 ? _journal.AckedSeq + 1 : 0;
            SendBatch(nowMs);
        }

        public void OnAck(long seq, long nowMs)
        {
            if (_journal.Acknowledge(seq) > 0)
            {
                _lastProgressMs = nowMs;
                if (_resendCursor != 0 && _resendCursor <= _journal.AckedSeq)
                {
                    _resendCursor = _journal.AckedSeq + 1;
                }
            }
        }

        public void Loop(long nowMs)
        {
            JournalWaiting(nowMs);
            if (_journal.Pending > 0 && nowMs - _lastProgressMs >= _resendAfterMs
                && (_resendCursor == 0 || WindowFull()))
            {
                // Nothing acknowledged for a while: what was sent may be lost; send it again.
                _resendCursor = _journal.AckedSeq + 1;
                _lastProgressMs = nowMs;
            }

            SendBatch(nowMs);
        }

        private void SendBatch(long nowMs)
        {
            if (_resendCursor == 0 || !_link.IsConnected)
            {
                return;
            }

            for (int i = 0; i < ResendBatch && _resendCursor <= _journal.LastSeq && !WindowFull(); i++)
            {
                byte[] payload = _journal.Read(_resendCursor);
                if (payload != null)
                {
                    if (!_link.Publish(_topic, payload, false))
                    {
                        // The client is choking: stop this round and try again after the interval.
                        EndRound(nowMs);
                        return;
                    }

                    _resent++;
                }

                _resendCursor++;
            }

            if (_resendCursor > _journal.LastSeq)
            {
                EndRound(nowMs);
            }
        }

        private bool WindowFull()
        {
            return _resendCursor > _journal.AckedSeq + MaxInFlight;
        }

        private void EndRound(long nowMs)
        {
            _resendCursor = 0;
            _lastProgressMs = nowMs;
        }
    }
}
