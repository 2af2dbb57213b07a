using System;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Time
{
    /// <summary>
    /// The clock port on an ESP32. Uptime (every timeout in the core) comes from the monotonic
    /// tick counter; UTC (only stamps messages) from the device's real-time clock, which
    /// nanoFramework's SNTP client sets once Wi-Fi is up.
    /// <para>
    /// The repo rule "time comes from TimeProvider, never DateTime.UtcNow" does not apply here:
    /// nanoFramework has no TimeProvider, and on the device DateTime.UtcNow IS the clock (the RTC
    /// that SNTP corrects), not an ambient dependency hiding behind one. Testability comes from
    /// the core's <see cref="IClock"/> port, which the core's tests fake; this class is the one
    /// place on the device that reads the hardware clock.
    /// </para>
    /// </summary>
    public sealed class SntpClock : IClock
    {
        /// <summary>Before SNTP the RTC counts from its reset value; any year before this is "not synced".</summary>
        public const int FirstPlausibleYear = 2024;

        private const long UnixEpochTicks = 621355968000000000L;

        public long UptimeMs
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>Unix milliseconds, or 0 while the clock is not synced: an honest "unknown" the gateway clamps, rather than a made-up 1970 date.</summary>
        public long UtcNowMs
        {
            get
            {
                DateTime now = DateTime.UtcNow;
                return now.Year < FirstPlausibleYear ? 0 : (now.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            }
        }

        public bool IsSynced
        {
            get { return DateTime.UtcNow.Year >= FirstPlausibleYear; }
        }
    }
}
