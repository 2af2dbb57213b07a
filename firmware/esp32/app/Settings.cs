namespace SchoolGate.Firmware.Esp32
{
    /// <summary>
    /// Everything a site changes, as constants compiled into the image (nanoFramework has no
    /// configuration system, and a lane's settings change only with a new deployment). Pins follow
    /// an ESP32 DevKit v1 (ESP32-WROOM-32); firmware/esp32/README.md has the wiring table.
    /// </summary>
    public static class Settings
    {
        public const string Firmware = "esp32-1.0";

        // Identity: registered in the gateway; the secret is the MQTT password.
        public const string DeviceId = "ts-school7-gate1";
        public const string Secret = "change-me";
        /// <summary>"in" or "out": decides whether a pass is "entered" or "exited".</summary>
        public const string Direction = "in";

        public const string WifiSsid = "school7-devices";
        public const string WifiPassword = "change-me";

        public const string BrokerHost = "192.168.10.2";
        public const int BrokerPort = 1883;
        /// <summary>MQTT keep-alive: a dead TCP link is noticed within 1.5x this.</summary>
        public const ushort KeepAliveSeconds = 15;

        public const string SntpServer = "pool.ntp.org";

        /// <summary>The internal flash drive nanoFramework mounts on ESP32 (SPIFFS/LittleFS partition).</summary>
        public const string StorageRoot = "I:\\";

        // The offline list's share of a non-PSRAM heap (firmware/README.md, heap budget): 2,000
        // cards of 14-character ids are 28,000 bytes; a list that would need more is refused whole.
        public const int OfflineListCapacity = 2000;
        public const int OfflineListMaxBytes = 32 * 1024;

        // Pins (GPIO numbers). The relay avoids the strapping pins GPIO0/2/12/15, which the boot
        // ROM samples or drives at reset and could pulse a lock open; GPIO6-11 are the flash bus.
        public const int RelayPin = 26;
        /// <summary>False only for an active-low module whose input side runs at 3.3 V (GpioRelay then releases the pin to switch off); a 5 V opto board goes behind a driver instead (hardware-docs/turnstile.md).</summary>
        public const bool RelayActiveHigh = true;
        public const int RotationSensorPin = 27;
        public const int GreenPin = 32;
        public const int RedPin = 33;

        // MFRC522 on the VSPI pins, routed to nanoFramework's SPI1.
        public const int SpiBus = 1;
        public const int SpiClockPin = 18;
        public const int SpiMisoPin = 19;
        public const int SpiMosiPin = 23;
        public const int ReaderChipSelectPin = 5;
        public const int ReaderResetPin = 22;
        public const int SpiClockHz = 5000000;

        // Timings.
        /// <summary>Main loop period: the rotation sensor is latched by interrupt, so this only bounds reaction time.</summary>
        public const int LoopTickMs = 5;
        /// <summary>How often the reader is asked for a card; a poll without a card holds the loop for one request (~36 ms), a tap for ~50 ms.</summary>
        public const int CardPollMs = 100;
        /// <summary>The same card seen again within this window is the same tap (a card resting on the antenna).</summary>
        public const int CardRepeatMs = 1500;
        /// <summary>Contact bounce of the rotation sensor shorter than this is one edge.</summary>
        public const int RotationDebounceMs = 10;
        public const int ReconnectMinMs = 1000;
        public const int ReconnectMaxMs = 30000;
        public const int WifiConnectTimeoutMs = 20000;

        // Bus validator (hardware-docs/bus-validator.md). Static readonly, not const: the app
        // branches on them, and a branch on a constant would be unreachable code (a warning, an
        // error in this build).

        /// <summary>"turnstile" (Program) or "bus-validator" (Validator/ValidatorProgram): protocol DeviceKinds.</summary>
        public static readonly string Role = "turnstile";
        /// <summary>Sent with every tap; null for none. Letters, digits and - _ . : only.</summary>
        public static readonly string Route = "12";
        public static readonly string Vehicle = "045";
        /// <summary>A second MFRC522 at the exit door: its taps are "alighted".</summary>
        public static readonly bool TapOff = false;
        public const int ExitReaderChipSelectPin = 4;
        public const int ExitReaderResetPin = 21;
        /// <summary>Taps journaled while out of coverage; needs the flash of firmware/README.md (bus validator).</summary>
        public const int ValidatorJournalCapacity = 5000;
        public const int DedupeWindowMs = 3000;

        /// <summary>The GPS receiver (u-blox NEO-6M/M8N, 9600 baud NMEA 0183) on UART2; false for none.</summary>
        public static readonly bool GpsEnabled = true;
        public const string GpsPort = "COM2";
        public const int GpsBaudRate = 9600;
        /// <summary>The receiver's TX goes to this ESP32 input (UART2 RX).</summary>
        public const int GpsRxPin = 16;
        /// <summary>Routed but unused: the app never configures the receiver.</summary>
        public const int GpsTxPin = 17;
    }
}
