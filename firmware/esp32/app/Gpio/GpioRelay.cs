using System.Device.Gpio;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gpio
{
    /// <summary>
    /// The turnstile's release relay on one GPIO. How it is opened follows what nanoFramework does
    /// to a pin on ESP32 (read in nf-interpreter, not observed on a device): the native Write fails
    /// with CLR_E_INVALID_PARAMETER (ArgumentException) on a pin that is not an output, and every
    /// output mode change calls CPU_GPIO_EnableOutputPin(pin, GpioPinValue_Low)
    /// (src/System.Device.Gpio/sys_dev_gpio_native_System_Device_Gpio_GpioPin.cpp, Write and
    /// SetPinMode), which resets the pin, makes it an output and drives it low
    /// (targets/ESP32/_nanoCLR/System.Device.Gpio/cpu_gpio.cpp). Low is the first level any
    /// output shows, and no write can come before it.
    /// </summary>
    /// <remarks>
    /// Active high (the ULN2003A of hardware-docs/turnstile.md): opened as an output, whose first
    /// level, low, is off; the idle write only makes that explicit. Active low: opened as an output
    /// it would be ON from the mode change until the idle write, so it is never an output while
    /// off. Off is the pin released as an input with its pull-up (the board's input stays high), on
    /// is the pin made an output, which drives low: an open-drain output built from the two native
    /// paths, so a low reaches an active-low board only when the core opens the relay.
    /// CPU_GPIO_EnableInputPin (same cpu_gpio.cpp) also starts with gpio_reset_pin, which only
    /// turns the pull-up on: releasing never drives the line.
    /// </remarks>
    public sealed class GpioRelay : IRelay
    {
        private readonly GpioPin _pin;
        private readonly bool _activeHigh;
        private bool _isOpen;

        public GpioRelay(GpioController controller, int pin, bool activeHigh)
        {
            _activeHigh = activeHigh;
            if (activeHigh)
            {
                _pin = controller.OpenPin(pin, PinMode.Output);
                _pin.Write(PinValue.Low);
            }
            else
            {
                _pin = controller.OpenPin(pin, PinMode.InputPullUp);
            }
        }

        public bool IsOpen
        {
            get { return _isOpen; }
        }

        public void Open()
        {
            if (_activeHigh)
            {
                _pin.Write(PinValue.High);
            }
            else
            {
                _pin.SetPinMode(PinMode.Output);
                // Already low from the mode change; written so "on" does not rest on that detail.
                _pin.Write(PinValue.Low);
            }

            _isOpen = true;
        }

        public void Close()
        {
            if (_activeHigh)
            {
                _pin.Write(PinValue.Low);
            }
            else
            {
                _pin.SetPinMode(PinMode.InputPullUp);
            }

            _isOpen = false;
        }
    }
}
