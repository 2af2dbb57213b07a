namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Lights and buzzer. The controller says what to show (an <see cref="IndicatorSignal"/>
    /// constant); the device decides blink patterns and tone durations.
    /// </summary>
    public interface IIndicator
    {
        void Show(int signal);
    }
}
