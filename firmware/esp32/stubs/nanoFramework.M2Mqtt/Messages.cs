// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.M2Mqtt's message types so
// firmware/esp32/app compiles on Linux; the device image references the real package. Written
// from the package's public source/docs; its accuracy is a known limit (stubs/README.md).
using System;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel : byte
    {
        AtMostOnce = 0x00,
        AtLeastOnce = 0x01,
        ExactlyOnce = 0x02,
        GrantedFailure = 0x80,
    }

    /// <summary>A subset of the real enum: what the app compares against.</summary>
    public enum MqttReasonCode : byte
    {
        Success = 0x00,
        ConnectionRefusedUnacceptableProtocolVersion = 0x01,
        ConnectionRefusedIdentifierRejected = 0x02,
        ConnectionRefusedServerUnavailable = 0x03,
        ConnectionRefusedBadUserNameOrPassword = 0x04,
        ConnectionRefusedNotAuthorized = 0x05,
        UnspecifiedError = 0x80,
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        public string Topic
        {
            get { throw new NotImplementedException(); }
        }

        public byte[] Message
        {
            get { throw new NotImplementedException(); }
        }

        public bool DupFlag
        {
            get { throw new NotImplementedException(); }
        }

        public MqttQoSLevel QosLevel
        {
            get { throw new NotImplementedException(); }
        }

        public bool Retain
        {
            get { throw new NotImplementedException(); }
        }
    }
}
