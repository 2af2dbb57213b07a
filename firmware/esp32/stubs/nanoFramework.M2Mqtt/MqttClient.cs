// SIGNATURE STUB, NOT SHIPPED. Simulates Connect's threads and sockets (see below) and stands in for nanoFramework.M2Mqtt (MqttClient, v5.x API) so
// firmware/esp32/app compiles on Linux; the device image references the real package. Written
// from the package's public source/docs; its accuracy is a known limit (stubs/README.md).
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>What the simulated broker does with the next connects (simulation only).</summary>
    public enum SimulatedBroker
    {
        Accepts,
        /// <summary>TCP connects, the CONNACK refuses (e.g. a wrong secret).</summary>
        Refuses,
        /// <summary>TCP connects, no CONNACK comes: Connect throws after its receive thread started.</summary>
        TimesOut,
        /// <summary>
        /// The TCP connect itself fails: Connect throws before any thread starts, but the socket
        /// it created stays open until Close (M2Mqtt/Net/MqttNetworkChannel.cs, Connect: new
        /// Socket, then Socket.Connect, and no close when that throws).
        /// </summary>
        Unreachable,
    }

    /// <summary>
    /// Connect as nanoFramework.M2Mqtt's source does it (nanoframework/nanoFramework.m2mqtt
    /// M2Mqtt/MqttClient.cs): the TCP connect, then the receive thread starts BEFORE the CONNACK is
    /// awaited; a refused CONNACK returns its code and a missing one throws, and in both cases
    /// the socket and the receive thread stay until <see cref="Close"/>. Simulated with counters
    /// (<see cref="OpenSockets"/>, <see cref="LiveReceiveThreads"/>) instead of a network.
    /// </summary>
    public class MqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        private bool _socket;
        private bool _receiving;
        private bool _connected;

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
        }

        /// <summary>Simulation: what the broker does with connects.</summary>
        public static SimulatedBroker Broker { get; set; }

        /// <summary>Simulation: sockets not closed yet, over all clients.</summary>
        public static int OpenSockets { get; private set; }

        /// <summary>Simulation: receive threads still running, over all clients.</summary>
        public static int LiveReceiveThreads { get; private set; }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event ConnectionClosedEventHandler ConnectionClosed;

        public bool IsConnected
        {
            get { return _connected; }
        }

        public MqttProtocolVersion ProtocolVersion { get; set; }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            _socket = true;
            OpenSockets++;
            if (Broker == SimulatedBroker.Unreachable)
            {
                throw new MqttConnectionException("Exception connecting to the broker", null);
            }

            _receiving = true;
            LiveReceiveThreads++;
            if (Broker == SimulatedBroker.TimesOut)
            {
                throw new MqttCommunicationException();
            }

            if (Broker == SimulatedBroker.Refuses)
            {
                return MqttReasonCode.ConnectionRefusedNotAuthorized;
            }

            _connected = true;
            return MqttReasonCode.Success;
        }

        public void Disconnect()
        {
            Close();
        }

        public void Close()
        {
            if (_receiving)
            {
                _receiving = false;
                LiveReceiveThreads--;
            }

            if (_socket)
            {
                _socket = false;
                OpenSockets--;
            }

            _connected = false;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            return 1;
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            if (!_connected)
            {
                throw new MqttCommunicationException();
            }

            return 1;
        }

        // Only here so the compiler does not flag the events as unused (warnings are errors).
        private void Raise()
        {
            MqttMsgPublishReceived(this, null);
            ConnectionClosed(this, null);
        }
    }

}

namespace nanoFramework.M2Mqtt.Exceptions
{
    public class MqttConnectionException : Exception
    {
        public MqttConnectionException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }

    public class MqttCommunicationException : Exception
    {
    }
}
