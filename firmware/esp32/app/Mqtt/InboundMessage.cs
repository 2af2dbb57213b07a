namespace SchoolGate.Firmware.Esp32.Mqtt
{
    /// <summary>
    /// What the MQTT client's threads hand to the loop thread: a received message, or (when
    /// <see cref="IsConnected"/>) the news that a connection was established and subscribed.
    /// </summary>
    public sealed class InboundMessage
    {
        public readonly string Topic;
        public readonly byte[] Payload;
        public readonly bool IsConnected;

        private InboundMessage(string topic, byte[] payload, bool isConnected)
        {
            Topic = topic;
            Payload = payload;
            IsConnected = isConnected;
        }

        public static InboundMessage Received(string topic, byte[] payload)
        {
            return new InboundMessage(topic, payload, false);
        }

        public static InboundMessage Connected()
        {
            return new InboundMessage(null, null, true);
        }
    }
}
