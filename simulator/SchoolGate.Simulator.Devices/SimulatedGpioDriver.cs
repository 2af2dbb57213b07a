using System.Device.Gpio;

namespace SchoolGate.Simulator.Devices;

/// <summary>
/// A GPIO chip made of memory. The firmware adapters above it (<c>GpioRelay</c>,
/// <c>GpioDigitalInput</c>) run unchanged, so the simulation exercises the same code as a
/// Raspberry Pi; only the silicon is missing. Outputs are observable, inputs are driven from outside.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly object _gate = new();
    private readonly Dictionary<int, Pin> _pins = [];

    public SimulatedGpioDriver(int pinCount = 28) => PinCount = pinCount;

    /// <summary>An output pin was written: (pin, value).</summary>
    public event Action<int, PinValue>? OutputWritten;

    protected override int PinCount { get; }

    /// <summary>What the firmware last drove onto an output pin (Low for a pin never written).</summary>
    public PinValue OutputValue(int pin)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pin, out var p) ? p.Value : PinValue.Low;
        }
    }

    /// <summary>Drives an input pin as the outside world would (a sensor contact, a button).</summary>
    public void DriveInput(int pin, PinValue value)
    {
        PinChangeEventHandler? callbacks;
        PinEventTypes change;
        lock (_gate)
        {
            var p = PinOf(pin);
            if (p.Value == value)
            {
                return;
            }

            p.Value = value;
            change = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            callbacks = (p.Subscribed & change) != 0 ? p.Callbacks : null;
            Monitor.PulseAll(_gate);
        }

        callbacks?.Invoke(this, new PinValueChangedEventArgs(change, pin));
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            CheckRange(pinNumber);
            _pins[pinNumber] = new Pin();
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            _pins.Remove(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            var p = PinOf(pinNumber);
            p.Mode = mode;
            // An idle pulled-up contact reads High, as it does on real hardware.
            if (mode == PinMode.InputPullUp)
            {
                p.Value = PinValue.High;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return PinOf(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return PinOf(pinNumber).Value;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            PinOf(pinNumber).Value = value;
        }

        OutputWritten?.Invoke(pinNumber, value);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var start = PinOf(pinNumber).Value;
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = PinOf(pinNumber).Value;
                var change = now == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
                if (now != start && (eventTypes & change) != 0)
                {
                    return new WaitForEventResult { EventTypes = change, TimedOut = false };
                }

                start = now;
                Monitor.Wait(_gate, 10);
            }
        }

        return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            var p = PinOf(pinNumber);
            p.Subscribed |= eventTypes;
            p.Callbacks += callback;
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            PinOf(pinNumber).Callbacks -= callback;
        }
    }

    private Pin PinOf(int pinNumber) =>
        _pins.TryGetValue(pinNumber, out var p) ? p : throw new InvalidOperationException($"GPIO {pinNumber} is not open.");

    private void CheckRange(int pinNumber)
    {
        if (pinNumber < 0 || pinNumber >= PinCount)
        {
            throw new ArgumentOutOfRangeException(nameof(pinNumber), $"GPIO {pinNumber} does not exist on a {PinCount}-pin chip.");
        }
    }

    private sealed class Pin
    {
        public PinMode Mode { get; set; } = PinMode.Input;
        public PinValue Value { get; set; } = PinValue.Low;
        public PinEventTypes Subscribed { get; set; }
        public PinChangeEventHandler? Callbacks { get; set; }
    }
}
