// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.System.Device.Gpio so
// firmware/esp32/app compiles on Linux and its GPIO adapters can be tested on .NET; the device
// image references the real package. GpioPin behaves as the native code does (see below); its
// accuracy is a known limit (stubs/README.md).
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    [Flags]
    public enum PinEventTypes
    {
        None = 0,
        Rising = 1,
        Falling = 2,
    }

    public readonly struct PinValue
    {
        private readonly byte _value;

        private PinValue(byte value)
        {
            _value = value;
        }

        public static PinValue High
        {
            get { return new PinValue(1); }
        }

        public static PinValue Low
        {
            get { return new PinValue(0); }
        }

        public static bool operator ==(PinValue a, PinValue b)
        {
            return a._value == b._value;
        }

        public static bool operator !=(PinValue a, PinValue b)
        {
            return a._value != b._value;
        }

        public override bool Equals(object obj)
        {
            return obj is PinValue && ((PinValue)obj)._value == _value;
        }

        public override int GetHashCode()
        {
            return _value;
        }
    }

    public class PinValueChangedEventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber)
        {
            throw new NotImplementedException();
        }

        public PinEventTypes ChangeType
        {
            get { throw new NotImplementedException(); }
        }

        public int PinNumber
        {
            get { throw new NotImplementedException(); }
        }
    }

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    /// <summary>
    /// A pin as nanoFramework's native code treats it (not a signature stand-in): it opens as an
    /// input; <see cref="Write"/> on a pin that is not an output throws ArgumentException, because
    /// the native Write returns CLR_E_INVALID_PARAMETER unless the pin mode is an output
    /// (nf-interpreter src/System.Device.Gpio/sys_dev_gpio_native_System_Device_Gpio_GpioPin.cpp,
    /// Write); <see cref="SetPinMode"/> to an output drives the pin LOW first, whatever was
    /// written before (same file, SetPinMode calls CPU_GPIO_EnableOutputPin(pin, GpioPinValue_Low);
    /// targets/ESP32/_nanoCLR/System.Device.Gpio/cpu_gpio.cpp resets the pin and sets that level).
    /// <see cref="Levels"/> records every level the pin drove, so a test can see a pulse.
    /// </summary>
    public sealed class GpioPin : IDisposable
    {
        private readonly int _pinNumber;
        private readonly System.Collections.ArrayList _levels = new System.Collections.ArrayList();
        private PinMode _mode = PinMode.Input;
        private bool _driving;
        private PinValue _level = PinValue.Low;
        private PinValue _inputLevel = PinValue.Low;
        private bool _inputWired;

        internal GpioPin(int pinNumber)
        {
            _pinNumber = pinNumber;
        }

        public event PinValueChangedEventHandler ValueChanged
        {
            add { }
            remove { }
        }

        public TimeSpan DebounceTimeout { get; set; }

        public int PinNumber
        {
            get { return _pinNumber; }
        }

        /// <summary>Simulation only (not in the package): the levels driven, in order; 1 = high.</summary>
        public System.Collections.ArrayList Levels
        {
            get { return _levels; }
        }

        /// <summary>
        /// Simulation only: what an input reads when the wiring drives it; until set, an input
        /// reads its internal pull (pull-up high, otherwise low).
        /// </summary>
        public PinValue InputLevel
        {
            get { return _inputLevel; }
            set
            {
                _inputLevel = value;
                _inputWired = true;
            }
        }

        public PinMode GetPinMode()
        {
            return _mode;
        }

        public void SetPinMode(PinMode value)
        {
            _mode = value;
            if (value >= PinMode.Output)
            {
                Drive(PinValue.Low);
            }
            else
            {
                _driving = false;
            }
        }

        public PinValue Read()
        {
            if (_driving)
            {
                return _level;
            }

            if (_inputWired)
            {
                return _inputLevel;
            }

            return _mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
        }

        public void Write(PinValue value)
        {
            if (_mode < PinMode.Output)
            {
                throw new ArgumentException("pin " + _pinNumber + " is not an output");
            }

            Drive(value);
        }

        public void Dispose()
        {
            _driving = false;
        }

        private void Drive(PinValue value)
        {
            _driving = true;
            _level = value;
            _levels.Add(value == PinValue.High ? 1 : 0);
        }
    }

    /// <summary>The pins of one chip (an ESP32 has GPIO 0-39), behaving as <see cref="GpioPin"/> says.</summary>
    public sealed class GpioController : IDisposable
    {
        private readonly GpioPin[] _pins = new GpioPin[40];

        public GpioController()
        {
        }

        public GpioPin OpenPin(int pinNumber)
        {
            GpioPin pin = new GpioPin(pinNumber);
            _pins[pinNumber] = pin;
            return pin;
        }

        // The package's OpenPin(pin, mode) opens, then sets the mode (nanoframework/System.Device.Gpio
        // GpioController.cs): an output starts low like SetPinMode.
        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            GpioPin pin = OpenPin(pinNumber);
            pin.SetPinMode(mode);
            return pin;
        }

        /// <summary>Simulation only: the pin opened as <paramref name="pinNumber"/>, or null.</summary>
        public GpioPin PinAt(int pinNumber)
        {
            return _pins[pinNumber];
        }

        public void ClosePin(int pinNumber)
        {
            _pins[pinNumber] = null;
        }

        public bool IsPinOpen(int pinNumber)
        {
            return _pins[pinNumber] != null;
        }

        public PinValue Read(int pinNumber)
        {
            return _pins[pinNumber].Read();
        }

        public void Write(int pinNumber, PinValue value)
        {
            _pins[pinNumber].Write(value);
        }

        public void Dispose()
        {
        }
    }
}
