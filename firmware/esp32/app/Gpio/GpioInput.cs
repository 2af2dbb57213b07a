using System;
using System.Device.Gpio;
using System.Threading;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gpio
{
    /// <summary>
    /// A digital input such as the rotation sensor (dry contact to GND, internal pull-up, active
    /// low). The sensor closes for only tens of ms while the arm passes, and a card poll can hold
    /// the loop for ~36 ms, so a pulse could fall between two polls: an interrupt latches every
    /// activation, and <see cref="Read"/> reports true once for a pulse it did not see, so the
    /// core still sees its rising edge.
    /// </summary>
    public sealed class GpioInput : IDigitalInput
    {
        private readonly GpioPin _pin;
        private readonly PinValue _active;
        private readonly PinEventTypes _activation;
        private int _latched;

        public GpioInput(GpioController controller, int pin, bool activeLow, int debounceMs)
        {
            _active = activeLow ? PinValue.Low : PinValue.High;
            _activation = activeLow ? PinEventTypes.Falling : PinEventTypes.Rising;
            _pin = controller.OpenPin(pin, activeLow ? PinMode.InputPullUp : PinMode.InputPullDown);
            _pin.DebounceTimeout = TimeSpan.FromTicks(debounceMs * TimeSpan.TicksPerMillisecond);
            // Runs on nanoFramework's event thread: only an atomic flag is shared with the loop.
            _pin.ValueChanged += OnValueChanged;
        }

        public bool Read()
        {
            bool sawActivation = Interlocked.Exchange(ref _latched, 0) == 1;
            return _pin.Read() == _active || sawActivation;
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            if ((e.ChangeType & _activation) != 0)
            {
                Interlocked.Exchange(ref _latched, 1);
            }
        }
    }
}
