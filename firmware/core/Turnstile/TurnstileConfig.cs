using System;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>Settings of one turnstile lane. Fields rather than properties keep it cheap on nanoFramework.</summary>
    public sealed class TurnstileConfig
    {
        public string DeviceId;
        /// <summary>"in" or "out" (protocol Directions): decides whether a pass is "entered" or "exited".</summary>
        public string Direction = "in";
        public string Firmware = "core-1.0";
        /// <summary>How long to wait for the gateway's decision before deciding from the offline list.</summary>
        public int DecisionBudgetMs = 800;
        /// <summary>Relay open window when the decision carries openMs &lt;= 0.</summary>
        public int DefaultOpenMs = 5000;
        /// <summary>How long the red light / buzzer shows after a refusal.</summary>
        public int RefusedSignalMs = 1500;
        /// <summary>Re-publish unacknowledged journal entries after this long without progress.</summary>
        public int ResendAfterMs = 5000;
        public int HeartbeatEveryMs = 30000;
        /// <summary>Maximum unacknowledged events kept; see EventJournal for what happens when full.</summary>
        public int JournalCapacity = 500;
        /// <summary>
        /// Most cards an offline access list may hold; a longer list is rejected whole (and counted)
        /// rather than cut, which could keep a revoked card. 4,000 covers the largest school
        /// (~1,500 students, some with a second card) with room to spare.
        /// </summary>
        public int OfflineListCapacity = 4000;
        /// <summary>
        /// Most RAM the applied list may hold (cards times the longest id, in bytes); a list that
        /// would need more is rejected whole, like one over capacity. The ESP32 app sets 32 KB
        /// (its heap budget, firmware/README.md); hosts with RAM to spare keep no bound.
        /// </summary>
        public int OfflineListMaxBytes = int.MaxValue;

        /// <summary>Throws <see cref="ArgumentException"/> for a device id or direction the protocol does not allow.</summary>
        public void Validate()
        {
            if (!DeviceIds.IsValid(DeviceId))
            {
                throw new ArgumentException("DeviceId must be 1-64 characters of [A-Za-z0-9-_.:].", "config");
            }

            if (Direction != Directions.In && Direction != Directions.Out)
            {
                throw new ArgumentException("Direction must be \"in\" or \"out\".", "config");
            }
        }
    }
}
