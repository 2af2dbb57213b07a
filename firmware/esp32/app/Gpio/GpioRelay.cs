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

            // nanoFramework's native Write throws on a pin that is not yet an output, and setting
            // the output mode drives the pin LOW before anything else (nf-interpreter
            // src/System.Device.Gpio/sys_dev_gpio_native_System_Device_Gpio_GpioPin.cpp, Write and
            // SetPinMode; targets/ESP32/_nanoCLR/System.Device.Gpio/cpu_gpio.cpp,
            // CPU_GPIO_EnableOutputPin). So the pin opens as an output and the idle level is written
            // right after. For an active-high driver (the ULN2003A of hardware-docs/turnstile.md,
            // with its pull-down holding it off through reset) low IS off: no pulse. An active-low
            // board sees ON for the few microseconds between the two calls; the wiring docs
            // recommend against such boards.
            _pin = controller.OpenPin(pin, PinMode.Output);
            _pin.Write(_off);
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
