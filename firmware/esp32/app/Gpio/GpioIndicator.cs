using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gpio
{
    /// <summary>
    /// A lane's lights on two GPIO outputs: green, and red sharing its line with the buzzer
    /// (hardware-docs/turnstile.md). Granted = green, Refused = red + buzzer, Idle = dark,
    /// Offline = a short green flash every <see cref="OfflinePeriodMs"/>: a red blink would beep,
    /// and a lane serving from its offline list must not look like a refusal. The same behaviour as
    /// the Raspberry Pi lane; blinking is driven by <see cref="Tick"/> from the loop, never a thread.
    /// </summary>
    public sealed class GpioIndicator : IIndicator
    {
        public const int OfflineFlashMs = 100;
        public const int OfflinePeriodMs = 2000;

        private readonly GpioPin _green;
        private readonly GpioPin _red;
        private readonly IClock _clock;
        private int _signal = IndicatorSignal.Idle;
        private long _offlineSinceMs;
        private bool _greenOn;
        private bool _redOn;

        public GpioIndicator(GpioController controller, int greenPin, int redPin, IClock clock)
        {
            _clock = clock;
            // Latched low before becoming outputs (see GpioRelay): the buzzer must not chirp at boot.
            _green = controller.OpenPin(greenPin);
            _green.Write(PinValue.Low);
            _green.SetPinMode(PinMode.Output);
            _red = controller.OpenPin(redPin);
            _red.Write(PinValue.Low);
            _red.SetPinMode(PinMode.Output);
        }

        public int Signal
        {
            get { return _signal; }
        }

        public void Show(int signal)
        {
            _signal = signal;
            switch (signal)
            {
                case IndicatorSignal.Granted:
                    Drive(true, false);
                    break;
                case IndicatorSignal.Refused:
                    Drive(false, true);
                    break;
                case IndicatorSignal.Offline:
                    _offlineSinceMs = _clock.UptimeMs;
                    Drive(true, false);
                    break;
                default:
                    // Idle, and any signal a newer core may add: dark is the safe reading.
                    _signal = IndicatorSignal.Idle;
                    Drive(false, false);
                    break;
            }
        }

        /// <summary>Advances the offline flash; cheap every loop (writes only on a change).</summary>
        public void Tick()
        {
            if (_signal != IndicatorSignal.Offline)
            {
                return;
            }

            long phase = (_clock.UptimeMs - _offlineSinceMs) % OfflinePeriodMs;
            Drive(phase < OfflineFlashMs, false);
        }

        private void Drive(bool green, bool red)
        {
            if (green != _greenOn)
            {
                _green.Write(green ? PinValue.High : PinValue.Low);
                _greenOn = green;
            }

            if (red != _redOn)
            {
                _red.Write(red ? PinValue.High : PinValue.Low);
                _redOn = red;
            }
        }
    }
}
