// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.Iot.Device.Mfrc522 (and the
// Data106kbpsTypeA type of its Iot.Device.Card dependency) so firmware/esp32/app compiles on
// Linux; the device image references the real packages. Written from the packages' public
// source/docs; its accuracy is a known limit (stubs/README.md).
using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Rfid;

namespace Iot.Device.Mfrc522
{
    public class MfRc522 : IDisposable
    {
        public const int MaximumSpiClockFrequency = 10_000_000;

        public const SpiMode DefaultSpiMode = SpiMode.Mode0;

        public MfRc522(SpiDevice spiDevice, int pinReset, GpioController gpioController, bool shouldDispose)
        {
            throw new NotImplementedException();
        }

        public Version Version
        {
            get { throw new NotImplementedException(); }
        }

        public bool ListenToCardIso14443TypeA(out Data106kbpsTypeA card, TimeSpan timeout)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}

namespace Iot.Device.Rfid
{
    public class Data106kbpsTypeA
    {
        public Data106kbpsTypeA(byte targetNumber, ushort atqa, byte sak, byte[] nfcId, byte[] ats)
        {
            throw new NotImplementedException();
        }

        public byte[] NfcId
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }
    }
}
