// SIGNATURE STUB, NOT SHIPPED. Stands in for the CancellationToken / CancellationTokenSource that
// nanoFramework ships outside mscorlib 1.17.11 (WifiNetworkHelper takes one to bound a connect),
// so firmware/esp32/app compiles on Linux. Its accuracy is a known limit (stubs/README.md).
namespace System.Threading
{
    public readonly struct CancellationToken
    {
        public bool IsCancellationRequested
        {
            get { throw new NotImplementedException(); }
        }
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource(int millisecondsDelay)
        {
            throw new NotImplementedException();
        }

        public CancellationToken Token
        {
            get { throw new NotImplementedException(); }
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
