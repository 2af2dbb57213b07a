// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.System.Device.Spi so
// firmware/esp32/app compiles on Linux; the device image references the real package. Written
// from the package's public source/docs; its accuracy is a known limit (stubs/README.md).
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3,
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine)
        {
            throw new NotImplementedException();
        }

        public int ClockFrequency
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public SpiMode Mode
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }
    }

    public class SpiDevice : IDisposable
    {
        protected SpiDevice()
        {
        }

        public static SpiDevice Create(SpiConnectionSettings settings)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
