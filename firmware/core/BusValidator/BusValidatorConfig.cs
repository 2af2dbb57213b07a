using System;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.BusValidator
{
    /// <summary>Settings of one bus validator. Fields rather than properties keep it cheap on nanoFramework.</summary>
    public sealed class BusValidatorConfig
    {
        /// <summary>
        /// Default journal size: a school bus day offline (two runs of ~60 children, tap on and off)
        /// is a few hundred taps; 5,000 covers weeks of a dead modem, or a city route for a day.
        /// </summary>
        public const int DefaultJournalCapacity = 5000;

        public string DeviceId;
        public string Firmware = "core-1.0";

        /// <summary>The route the vehicle runs (e.g. "12"), sent with every tap; null: none.</summary>
        public string Route;

        /// <summary>The operator's vehicle number (e.g. "045"), sent with every tap; null: none.</summary>
        public string Vehicle;

        /// <summary>A second reader at the exit door: its taps are "alighted" events.</summary>
        public bool TapOff;

        /// <summary>Another tap of the same card on the same reader within this window is the same tap (a nervous child taps twice).</summary>
        public int DedupeWindowMs = 3000;

        /// <summary>How long the green light (and beep) shows a tap was taken.</summary>
        public int AcceptSignalMs = 700;

        /// <summary>A fix older than this is not reported: the receiver stopped talking (unplugged, no power).</summary>
        public int MaxFixAgeMs = 10000;

        /// <summary>Re-publish unacknowledged journal entries after this long without progress.</summary>
        public int ResendAfterMs = 5000;
        public int HeartbeatEveryMs = 30000;

        /// <summary>Maximum unacknowledged taps kept; when full the new tap is refused and counted (see EventJournal).</summary>
        public int JournalCapacity = DefaultJournalCapacity;

        /// <summary>Throws <see cref="ArgumentException"/> for an id the protocol does not allow or a negative window.</summary>
        public void Validate()
        {
            if (!DeviceIds.IsValid(DeviceId))
            {
                throw new ArgumentException("DeviceId must be 1-64 characters of [A-Za-z0-9-_.:].", "config");
            }

            if (!IsValidLabel(Route) || !IsValidLabel(Vehicle))
            {
                throw new ArgumentException("Route and Vehicle must be null or 1-64 characters of [A-Za-z0-9-_.:].", "config");
            }

            if (DedupeWindowMs < 0 || AcceptSignalMs < 0 || MaxFixAgeMs < 0 || JournalCapacity < 1)
            {
                throw new ArgumentException("Windows must not be negative and the journal must hold at least one event.", "config");
            }
        }

        /// <summary>
        /// Null (none) or an id of the protocol alphabet: ASCII keeps the JSON bytes the same on
        /// nanoCLR and .NET, and a route never needs more ("12", "12A", "N-7").
        /// </summary>
        public static bool IsValidLabel(string label)
        {
            return label == null || DeviceIds.IsValid(label);
        }
    }
}
