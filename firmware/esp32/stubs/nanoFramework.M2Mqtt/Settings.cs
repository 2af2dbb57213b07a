// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.M2Mqtt's connection enums and the
// X509Certificate type of nanoFramework.System.Net, so firmware/esp32/app compiles on Linux.
// Written from the packages' public source/docs; its accuracy is a known limit (stubs/README.md).
using System;

namespace nanoFramework.M2Mqtt
{
    public enum MqttSslProtocols
    {
        None,
        TLSv1_0,
        TLSv1_1,
        TLSv1_2,
    }

    public enum MqttProtocolVersion
    {
        Version_3_1 = 0x03,
        Version_3_1_1 = 0x04,
        Version_5 = 0x05,
    }
}

namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(string certificate)
        {
            throw new NotImplementedException();
        }
    }
}
