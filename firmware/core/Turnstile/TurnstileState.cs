namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>States of <see cref="TurnstileController"/>.</summary>
    public static class TurnstileState
    {
        public const int Idle = 0;
        public const int AwaitingDecision = 1;
        public const int Open = 2;
        public const int Refused = 3;
    }
}
