// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.M2Mqtt (MqttClient, v5.x API) so
// firmware/esp32/app compiles on Linux; the device image references the real package. Written
// from the package's public source/docs; its accuracy is a known limit (stubs/README.md).
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public class MqttClient
    {
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol)
        {
            throw new NotImplementedException();
        }

        public event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event ConnectionClosedEventHandler ConnectionClosed;

        public bool IsConnected
        {
            get { throw new NotImplementedException(); }
        }

        public MqttProtocolVersion ProtocolVersion
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            throw new NotImplementedException();
        }

        public void Disconnect()
        {
            throw new NotImplementedException();
        }

        public void Close()
        {
            throw new NotImplementedException();
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            throw new NotImplementedException();
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            throw new NotImplementedException();
        }

        // Only here so the compiler does not flag the events as unused (warnings are errors).
        private void Raise()
        {
            MqttMsgPublishReceived(this, null);
            ConnectionClosed(this, null);
        }
    }
}
