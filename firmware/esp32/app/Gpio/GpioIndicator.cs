using System.Device.Gpio;
using SchoolGate.Firmware.Core.Lights;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gpio
{
    /// <summary>
    /// A lane's lights on two GPIO outputs (green, and red sharing its line with the buzzer),
    /// showing the core's <see cref="LightPattern"/> as the Raspberry Pi lane does; blinking is
    /// driven by <see cref="Tick"/> from the loop, never a thread.
    /// </summary>
    public sealed class GpioIndicator : IIndicator
    {
        private readonly GpioPin _green;
        private readonly GpioPin _red;
        private readonly IClock _clock;
        private readonly LightPattern _pattern = new LightPattern();
        private bool _greenOn;
        private bool _redOn;

        public GpioIndicator(GpioController controller, int greenPin, int redPin, IClock clock)
        {
            _clock = clock;
            // Opened as outputs, which drives them low (off) at once (see GpioRelay): writing an
            // input throws on nanoFramework, and low is dark, so the buzzer never chirps at boot.
            _green = controller.OpenPin(greenPin, PinMode.Output);
            _red = controller.OpenPin(redPin, PinMode.Output);
        }

        public int Signal
        {
            get { return _pattern.Signal; }
        }

        public void Show(int signal)
        {
            _pattern.Show(signal, _clock.UptimeMs);
            Drive();
        }

        /// <summary>Advances the offline flash; cheap every loop (writes only on a change).</summary>
        public void Tick()
        {
            _pattern.Tick(_clock.UptimeMs);
            Drive();
        }

        private void Drive()
        {
            if (_pattern.Green != _greenOn)
            {
                _green.Write(_pattern.Green ? PinValue.High : PinValue.Low);
                _greenOn = _pattern.Green;
            }

            if (_pattern.Red != _redOn)
            {
                _red.Write(_pattern.Red ? PinValue.High : PinValue.Low);
                _redOn = _pattern.Red;
            }
        }
    }
}
