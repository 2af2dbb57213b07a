using System.Collections;

namespace SchoolGate.Firmware.Esp32.Mqtt
{
    /// <summary>
    /// Hands MQTT callbacks (raised on M2Mqtt's dispatch thread) to the lane's loop thread: the
    /// core takes no locks and must be called from one thread only. Bounded, because a flooding
    /// broker must not exhaust the ESP32's RAM; a dropped message is counted and is safe to lose
    /// (a lost decision becomes an offline decision, a lost ack is repeated by the next one, the
    /// retained access list comes again on the next connect).
    /// </summary>
    public sealed class InboundQueue
    {
        private readonly ArrayList _items = new ArrayList();
        private readonly object _gate = new object();
        private readonly int _capacity;
        private int _dropped;

        public InboundQueue(int capacity)
        {
            _capacity = capacity;
        }

        /// <summary>Messages dropped because the loop had not drained the queue.</summary>
        public int Dropped
        {
            get { return _dropped; }
        }

        public void Enqueue(InboundMessage message)
        {
            lock (_gate)
            {
                // A connect notice is never dropped: the core must replay its journal after each one.
                if (_items.Count >= _capacity && !message.IsConnected)
                {
                    _dropped++;
                    return;
                }

                _items.Add(message);
            }
        }

        /// <summary>Everything queued so far, oldest first, or null when empty (no allocation on an idle loop).</summary>
        public InboundMessage[] DrainAll()
        {
            lock (_gate)
            {
                if (_items.Count == 0)
                {
                    return null;
                }

                InboundMessage[] drained = new InboundMessage[_items.Count];
                _items.CopyTo(drained, 0);
                _items.Clear();
                return drained;
            }
        }
    }
}
