using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// The lane's light / buzzer. Only changes reach the <see cref="IIndicator"/>: a GPIO write
    /// per 10 ms loop would be wasted work.
    /// </summary>
    public sealed class LaneIndicator
    {
        private readonly IIndicator _indicator;
        private readonly ILink _link;
        private int _shown = -1;

        public LaneIndicator(IIndicator indicator, ILink link)
        {
            _indicator = indicator;
            _link = link;
        }

        /// <summary>Idle, or Offline while the link is down.</summary>
        public void ShowIdle()
        {
            Show(_link.IsConnected ? IndicatorSignal.Idle : IndicatorSignal.Offline);
        }

        /// <summary>An <see cref="IndicatorSignal"/> constant.</summary>
        public void Show(int signal)
        {
            if (signal != _shown)
            {
                _shown = signal;
                _indicator.Show(signal);
            }
        }
    }
}
