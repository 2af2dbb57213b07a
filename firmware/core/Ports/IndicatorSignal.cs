namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Signals for <see cref="IIndicator.Show"/>. Integers rather than an enum keep the port
    /// trivial to implement on every target and in other languages.
    /// </summary>
    public static class IndicatorSignal
    {
        public const int Idle = 0;
        public const int Granted = 1;
        public const int Refused = 2;
        public const int Offline = 3;
    }
}
