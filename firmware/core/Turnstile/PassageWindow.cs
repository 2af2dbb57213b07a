using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Turnstile
{
    /// <summary>
    /// The time after a decision: the relay stays open until the rotation sensor reports a pass
    /// or the granted window runs out, and a refusal is shown for
    /// <see cref="TurnstileConfig.RefusedSignalMs"/>. Only a rising edge of the sensor is a pass:
    /// a sensor stuck high would otherwise record an entry the moment the relay opens.
    /// </summary>
    public sealed class PassageWindow
    {
        private readonly IRelay _relay;
        private readonly IDigitalInput _rotationSensor;
        private readonly TurnstileConfig _config;
        private long _deadlineMs;
        private bool _lastSensor;

        public PassageWindow(IRelay relay, IDigitalInput rotationSensor, TurnstileConfig config)
        {
            _relay = relay;
            _rotationSensor = rotationSensor;
            _config = config;

            // Fail secure at boot: whatever the relay did before a reset, the lane starts locked.
            _relay.Close();
            _lastSensor = rotationSensor.Read();
        }

        /// <summary>
        /// Reads the sensor: true on a rising edge. Called once per loop in every state, so an
        /// edge is always measured against the previous loop's level.
        /// </summary>
        public bool SamplePass()
        {
            bool sensor = _rotationSensor.Read();
            bool passed = sensor && !_lastSensor;
            _lastSensor = sensor;
            return passed;
        }

        /// <summary>Opens the relay for <paramref name="openMs"/>, or the default window when the decision gave none.</summary>
        public void Open(int openMs, long now)
        {
            _deadlineMs = now + (openMs > 0 ? openMs : _config.DefaultOpenMs);
            _relay.Open();
        }

        /// <summary>
        /// How an open window ended: entered or exited (by the lane's direction) when the arm
        /// turned, abandoned when the time ran out; null while it is still open.
        /// </summary>
        public string Passage(bool passed, long now)
        {
            if (passed)
            {
                return _config.Direction == Directions.Out ? PassageTypes.Exited : PassageTypes.Entered;
            }

            return Expired(now) ? PassageTypes.Abandoned : null;
        }

        public void HoldRefusal(long now)
        {
            _deadlineMs = now + _config.RefusedSignalMs;
        }

        public bool Expired(long now)
        {
            return now - _deadlineMs >= 0;
        }

        public void Close()
        {
            _relay.Close();
        }
    }
}
