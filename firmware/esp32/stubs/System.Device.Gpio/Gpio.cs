// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.System.Device.Gpio so
// firmware/esp32/app compiles on Linux; the device image references the real package. Written
// from the package's public source/docs; its accuracy is a known limit (stubs/README.md).
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
            throw new NotImplementedException();
        }

        public override int GetHashCode()
        {
            throw new NotImplementedException();
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

    public sealed class GpioPin : IDisposable
    {
        private GpioPin()
        {
        }

        public event PinValueChangedEventHandler ValueChanged
        {
            add { throw new NotImplementedException(); }
            remove { throw new NotImplementedException(); }
        }

        public TimeSpan DebounceTimeout
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public int PinNumber
        {
            get { throw new NotImplementedException(); }
        }

        public void SetPinMode(PinMode value)
        {
            throw new NotImplementedException();
        }

        public PinValue Read()
        {
            throw new NotImplementedException();
        }

        /// <summary>On an input pin this latches the value driven once the pin becomes an output (the real package documents this).</summary>
        public void Write(PinValue value)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }

    public sealed class GpioController : IDisposable
    {
        public GpioController()
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public GpioPin OpenPin(int pinNumber, PinMode mode)
        {
            throw new NotImplementedException();
        }

        public void ClosePin(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public bool IsPinOpen(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public PinValue Read(int pinNumber)
        {
            throw new NotImplementedException();
        }

        public void Write(int pinNumber, PinValue value)
        {
            throw new NotImplementedException();
        }

        public void Dispose()
        {
            throw new NotImplementedException();
        }
    }
}
