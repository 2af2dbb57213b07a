using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.M2Mqtt.Messages;
using nanoFramework.Networking;
using SchoolGate.Firmware.Esp32.Mqtt;

namespace SchoolGate.Firmware.Esp32.Network
{
    /// <summary>
    /// Keeps the lane connected from its own thread: joins Wi-Fi, starts SNTP, connects MQTT and
    /// reconnects with back-off. Everything here may block for seconds (DHCP, TCP, CONNACK); the
    /// lane's loop never waits for it and decides from its offline list meanwhile (ESPHome style:
    /// the network is a component, not the main loop).
    /// </summary>
    public sealed class ConnectionKeeper
    {
        /// <summary>How often a healthy connection is looked at, to notice a drop.</summary>
        public const int WatchEveryMs = 500;

        private readonly M2MqttLink _link;
        private readonly string _willTopic;
        private readonly byte[] _willPayload;
        private readonly string[] _subscriptions;
        private readonly Backoff _backoff = new Backoff(Settings.ReconnectMinMs, Settings.ReconnectMaxMs);
        private bool _wifiUp;
        private bool _wasConnected;
        private int _failedAttempts;

        public ConnectionKeeper(M2MqttLink link, string willTopic, byte[] willPayload, string[] subscriptions)
        {
            _link = link;
            _willTopic = willTopic;
            _willPayload = willPayload;
            _subscriptions = subscriptions;
        }

        public void Start()
        {
            Thread thread = new Thread(Run);
            thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                bool connected;
                try
                {
                    connected = _link.IsConnected || (EnsureWifi() && Connect());
                }
                catch (Exception ex)
                {
                    // An unreachable broker surfaces as an M2Mqtt or socket exception.
                    connected = false;
                    Failed(ex.Message);
                }

                if (connected)
                {
                    _backoff.Reset();
                    _failedAttempts = 0;
                    _wasConnected = true;
                    Thread.Sleep(WatchEveryMs);
                }
                else
                {
                    if (_wasConnected)
                    {
                        _wasConnected = false;
                        Log.Warn("connection to the gateway lost; deciding from the offline list, reconnecting");
                    }

                    Thread.Sleep(_backoff.NextDelayMs());
                }
            }
        }

        // Joined once: with automatic reconnection the ESP32's Wi-Fi driver rejoins by itself,
        // and a network that is gone shows up as failed MQTT attempts, retried with back-off.
        private bool EnsureWifi()
        {
            if (_wifiUp)
            {
                return true;
            }

            using (CancellationTokenSource limit = new CancellationTokenSource(Settings.WifiConnectTimeoutMs))
            {
                _wifiUp = WifiNetworkHelper.ConnectDhcp(Settings.WifiSsid, Settings.WifiPassword, WifiReconnectionKind.Automatic,
                    false, 0, limit.Token);
            }

            if (!_wifiUp)
            {
                Failed("Wi-Fi '" + Settings.WifiSsid + "' not joined");
                return false;
            }

            // Not waited for: until SNTP answers, messages carry ts 0 (see SntpClock).
            Sntp.Server1 = Settings.SntpServer;
            Sntp.Start();
            Log.Info("Wi-Fi '" + Settings.WifiSsid + "' joined");
            return true;
        }

        private bool Connect()
        {
            MqttReasonCode refusal;
            if (_link.TryConnect(_willTopic, _willPayload, _subscriptions, out refusal))
            {
                Log.Info("connected to " + Settings.BrokerHost + ":" + Settings.BrokerPort);
                return true;
            }

            Failed("the broker refused the connection (reason " + (int)refusal + ")");
            return false;
        }

        private void Failed(string why)
        {
            _failedAttempts++;
            if (Log.Worth(_failedAttempts))
            {
                Log.Warn("cannot reach the gateway (" + why + ", attempt " + _failedAttempts + "); deciding from the offline list, retrying");
            }
        }
    }
}
