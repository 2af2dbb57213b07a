using System.Device.Gpio;
using SchoolGate.Simulator.Devices;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gpio;

/// <summary>
/// The simulator's GPIO chip behind a driver that, like System.Device.Gpio's SysFsDriver (and its
/// LibGpiodDriver with libgpiod older than 1.5), has no internal pull resistors: IsPinModeSupported
/// says no to InputPullUp and InputPullDown, and the controller refuses to set them.
/// </summary>
internal sealed class NoPullsGpioDriver(SimulatedGpioDriver chip) : GpioDriver
{
    private readonly GpioController _chip = new(chip);

    protected override int PinCount => _chip.PinCount;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.Output;

    protected override void OpenPin(int pinNumber) => _chip.OpenPin(pinNumber);

    protected override void ClosePin(int pinNumber) => _chip.ClosePin(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => _chip.SetPinMode(pinNumber, mode);

    protected override PinMode GetPinMode(int pinNumber) => _chip.GetPinMode(pinNumber);

    protected override PinValue Read(int pinNumber) => _chip.Read(pinNumber);

    protected override void Write(int pinNumber, PinValue value) => _chip.Write(pinNumber, value);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        _chip.WaitForEvent(pinNumber, eventTypes, cancellationToken);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _chip.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _chip.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chip.Dispose();
        }

        base.Dispose(disposing);
    }
}
