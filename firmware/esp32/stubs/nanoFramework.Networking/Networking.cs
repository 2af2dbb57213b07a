// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.Networking (WifiNetworkHelper, from
// the System.Device.Wifi package: WifiReconnectionKind) and nanoFramework.Networking.Sntp, so
// firmware/esp32/app compiles on Linux; the device image references the real packages. Written
// from the packages' public source/docs; its accuracy is a known limit (stubs/README.md).
using System;
using System.Device.Wifi;
using System.Threading;

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind, bool requiresDateTime,
            int wifiAdapter, CancellationToken token)
        {
            throw new NotImplementedException();
        }
    }

    public static class Sntp
    {
        public static string Server1
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public static bool IsStarted
        {
            get { throw new NotImplementedException(); }
        }

        public static void Start()
        {
            throw new NotImplementedException();
        }
    }
}

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}
