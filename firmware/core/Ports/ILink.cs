namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>The MQTT connection to the gateway (QoS 1 publishes).</summary>
    public interface ILink
    {
        bool IsConnected { get; }

        /// <summary>
        /// Hands a QoS 1 message to the MQTT client; false when the client could not take it
        /// (disconnected, queue full). True does not mean the gateway has stored it: only an
        /// EventAck means that.
        /// </summary>
        bool Publish(string topic, byte[] payload, bool retain);
    }
}
