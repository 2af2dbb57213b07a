using System;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using SchoolGate.Firmware.Core.Json;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Mqtt
{
    /// <summary>
    /// The core's link port over nanoFramework.M2Mqtt. Publishing (loop thread) only enqueues into
    /// M2Mqtt's in-flight queue, so it never waits on the network. Connecting blocks (TCP connect,
    /// CONNACK), so only <see cref="ConnectionKeeper"/>'s thread calls <see cref="TryConnect"/>.
    /// Received messages are queued for the loop thread (see <see cref="InboundQueue"/>).
    /// Session as the device SDK's: client id and user name = device id, password = secret,
    /// persistent session (clean session off) so QoS 1 messages wait for the device, and a retained
    /// QoS 1 last will "offline" on the state topic.
    /// </summary>
    public sealed class M2MqttLink : ILink
    {
        private readonly string _host;
        private readonly int _port;
        private readonly string _deviceId;
        private readonly string _secret;
        private readonly ushort _keepAliveSeconds;
        private readonly InboundQueue _inbound;
        private MqttClient _client;
        private int _publishFailures;
        private int _closedClients;

        public M2MqttLink(string host, int port, string deviceId, string secret, ushort keepAliveSeconds, InboundQueue inbound)
        {
            _host = host;
            _port = port;
            _deviceId = deviceId;
            _secret = secret;
            _keepAliveSeconds = keepAliveSeconds;
            _inbound = inbound;
        }

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <summary>Publishes M2Mqtt refused (it throws when the connection dropped under it).</summary>
        public int PublishFailures
        {
            get { return _publishFailures; }
        }

        public bool Publish(string topic, byte[] payload, bool retain)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            try
            {
                client.Publish(topic, payload, null, null, MqttQoSLevel.AtLeastOnce, retain);
                return true;
            }
            catch (Exception)
            {
                // The journal keeps the event; it is re-sent after the next connect.
                _publishFailures++;
                return false;
            }
        }

        /// <summary>Clients closed because their connect failed or a newer connection replaced them.</summary>
        public int ClosedClients
        {
            get { return _closedClients; }
        }

        /// <summary>
        /// One blocking connect attempt with a fresh client (an M2Mqtt client whose socket died is
        /// not reused). On success subscribes and queues the connect notice for the loop thread.
        /// Throws what M2Mqtt throws for an unreachable broker; returns false when it refused us.
        /// </summary>
        /// <remarks>
        /// Every client that does not end up connected is closed, and so is the one a new
        /// connection replaces: M2Mqtt's Connect opens the socket and starts its receive thread
        /// before it waits for the CONNACK (nanoframework/nanoFramework.m2mqtt M2Mqtt/MqttClient.cs,
        /// Connect), and a refused or timed-out client keeps both until Close. Left alone, every
        /// failed attempt of a lane that cannot reach its gateway would cost a socket and a thread
        /// spinning on it, until the ESP32 runs out of either.
        /// </remarks>
        public bool TryConnect(string willTopic, byte[] willPayload, string[] subscriptions, out MqttReasonCode refusal)
        {
            MqttClient client = new MqttClient(_host, _port, false, null, null, MqttSslProtocols.None);
            client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
            client.MqttMsgPublishReceived += OnPublishReceived;
            bool kept = false;
            try
            {
                // The will is the core's own JSON: ASCII only (the codec escapes the rest), so this
                // decode and M2Mqtt's UTF-8 encode give back the same bytes.
                string will = Utf8.Decode(willPayload, 0, willPayload.Length);
                refusal = client.Connect(_deviceId, _deviceId, _secret, true, MqttQoSLevel.AtLeastOnce, true, willTopic, will,
                    false, _keepAliveSeconds);
                if (refusal != MqttReasonCode.Success)
                {
                    return false;
                }

                MqttQoSLevel[] levels = new MqttQoSLevel[subscriptions.Length];
                for (int i = 0; i < levels.Length; i++)
                {
                    levels[i] = MqttQoSLevel.AtLeastOnce;
                }

                // Without its subscriptions the session is useless: a throw here drops it (finally),
                // so the next attempt does not fight an orphaned session for the same client id.
                client.Subscribe(subscriptions, levels);
                kept = true;
            }
            finally
            {
                if (!kept)
                {
                    Release(client);
                }
            }

            MqttClient previous = _client;
            _client = client;
            if (previous != null)
            {
                Release(previous);
            }

            _inbound.Enqueue(InboundMessage.Connected());
            return true;
        }

        private void Release(MqttClient client)
        {
            client.MqttMsgPublishReceived -= OnPublishReceived;
            try
            {
                client.Close();
            }
            catch (Exception)
            {
                // Closing a half-open client may throw on its dead socket; it is released either way.
            }

            _closedClients++;
        }

        // Raised on M2Mqtt's dispatch thread.
        private void OnPublishReceived(object sender, MqttMsgPublishEventArgs e)
        {
            _inbound.Enqueue(InboundMessage.Received(e.Topic, e.Message));
        }
    }
}
