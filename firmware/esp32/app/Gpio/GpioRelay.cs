using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gpio
{
    /// <summary>The turnstile's release relay on one GPIO output.</summary>
    public sealed class GpioRelay : IRelay
    {
        private readonly GpioPin _pin;
        private readonly PinValue _on;
        private readonly PinValue _off;
        private bool _isOpen;

        public GpioRelay(GpioController controller, int pin, bool activeHigh)
        {
            _on = activeHigh ? PinValue.High : PinValue.Low;
            _off = activeHigh ? PinValue.Low : PinValue.High;

            // nanoFramework cannot open a pin with an initial value. A pin opens as an input, and
            // Write on an input latches the level driven once it becomes an output: so "off" is
            // latched first and the relay never clicks on while the app starts. Before the app
            // runs the pin floats; the relay input's pull resistor (README wiring) holds it off.
            _pin = controller.OpenPin(pin);
            _pin.Write(_off);
            _pin.SetPinMode(PinMode.Output);
        }

        public bool IsOpen
        {
            get { return _isOpen; }
        }

        public void Open()
        {
            _pin.Write(_on);
            _isOpen = true;
        }

        public void Close()
        {
            _pin.Write(_off);
            _isOpen = false;
        }
    }
}
