// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.Runtime.Native (Environment.TickCount64,
// Power.RebootDevice), which nanoFramework's mscorlib 1.17.11 does not have, so firmware/esp32/app
// compiles on Linux. Written from the package's public source; its accuracy is a known limit
// (stubs/README.md).
namespace System
{
    public static class Environment
    {
        /// <summary>Milliseconds since the device started: monotonic, unaffected by SNTP.</summary>
        public static long TickCount64
        {
            get { throw new NotImplementedException(); }
        }
    }
}

namespace nanoFramework.Runtime.Native
{
    public static class Power
    {
        public static void RebootDevice()
        {
            throw new System.NotImplementedException();
        }
    }
}
