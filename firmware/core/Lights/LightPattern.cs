using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Core.Lights
{
    /// <summary>
    /// Which of a lane's two lights are on for an <see cref="IndicatorSignal"/>, for the wiring of
    /// hardware-docs/turnstile.md: a green light, and a red one that shares its line with the buzzer.
    /// Granted = green, Refused = red + buzzer, Idle = dark. Offline = a short green flash every
    /// <see cref="OfflinePeriodMs"/>: a red blink would beep, and a lane serving from its offline list
    /// must not look like a refusal. Both lanes' GPIO indicators drive their pins from this; the
    /// flash advances from the loop (<see cref="Tick"/>), never from a sleeping thread.
    /// </summary>
    public sealed class LightPattern
    {
        public const int OfflineFlashMs = 100;
        public const int OfflinePeriodMs = 2000;

        private int _signal = IndicatorSignal.Idle;
        private long _offlineSinceMs;
        private bool _green;
        private bool _red;

        /// <summary>The <see cref="IndicatorSignal"/> last shown (Idle for one this pattern does not know).</summary>
        public int Signal
        {
            get { return _signal; }
        }

        public bool Green
        {
            get { return _green; }
        }

        /// <summary>Red light, and with it the buzzer.</summary>
        public bool Red
        {
            get { return _red; }
        }

        public void Show(int signal, long nowMs)
        {
            _signal = signal;
            switch (signal)
            {
                case IndicatorSignal.Granted:
                    Set(true, false);
                    break;
                case IndicatorSignal.Refused:
                    Set(false, true);
                    break;
                case IndicatorSignal.Offline:
                    _offlineSinceMs = nowMs;
                    Set(true, false);
                    break;
                default:
                    // Idle, and any signal a newer core may add: dark is the safe reading.
                    _signal = IndicatorSignal.Idle;
                    Set(false, false);
                    break;
            }
        }

        /// <summary>Advances the offline flash; a static signal is left alone.</summary>
        public void Tick(long nowMs)
        {
            if (_signal == IndicatorSignal.Offline)
            {
                Set((nowMs - _offlineSinceMs) % OfflinePeriodMs < OfflineFlashMs, false);
            }
        }

        private void Set(bool green, bool red)
        {
            _green = green;
            _red = red;
        }
    }
}
