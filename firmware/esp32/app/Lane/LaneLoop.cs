using System;
using System.Threading;
using nanoFramework.Runtime.Native;
using SchoolGate.Firmware.Core.Device;
using SchoolGate.Firmware.Esp32.Gpio;
using SchoolGate.Firmware.Esp32.Gps;
using SchoolGate.Firmware.Esp32.Mqtt;

namespace SchoolGate.Firmware.Esp32.Lane
{
    /// <summary>
    /// The device's main loop, ESPHome style: every tick hands queued MQTT traffic to the core, feeds
    /// a bus validator's GPS bytes to its decoder, runs one non-blocking step of the controller
    /// (turnstile or validator) and advances the lights, then sleeps <c>tickMs</c>. The only thread
    /// that touches the core.
    /// </summary>
    public sealed class LaneLoop
    {
        /// <summary>
        /// A step that keeps failing (flash worn out, a bug) reboots the device, as a watchdog would
        /// and as systemd restarts the Raspberry Pi lane; the relay is latched off again at boot.
        /// </summary>
        public const int MaxConsecutiveFaults = 100;

        private const int FaultPauseMs = 100;

        private readonly IDeviceController _controller;
        private readonly InboundQueue _inbound;
        private readonly GpioIndicator _indicator;
        private readonly NmeaUart _gps;
        private readonly int _tickMs;
        private int _faults;
        private int _consecutiveFaults;

        /// <param name="gps">A bus validator's GPS receiver; null for a turnstile.</param>
        public LaneLoop(IDeviceController controller, InboundQueue inbound, GpioIndicator indicator, NmeaUart gps, int tickMs)
        {
            _controller = controller;
            _inbound = inbound;
            _indicator = indicator;
            _gps = gps;
            _tickMs = tickMs;
        }

        public void Run()
        {
            while (true)
            {
                if (Step())
                {
                    _consecutiveFaults = 0;
                    Thread.Sleep(_tickMs);
                    continue;
                }

                if (++_consecutiveFaults >= MaxConsecutiveFaults)
                {
                    Log.Error("lane loop failed " + _consecutiveFaults + " times in a row; rebooting");
                    Power.RebootDevice();
                }

                Thread.Sleep(FaultPauseMs);
            }
        }

        /// <summary>One tick; false when something threw (counted and logged, never fatal by itself).</summary>
        private bool Step()
        {
            bool ok = true;
            InboundMessage[] messages = _inbound.DrainAll();
            if (messages != null)
            {
                for (int i = 0; i < messages.Length; i++)
                {
                    // One at a time, so a failing message does not take the rest of the batch with it.
                    ok &= Guard(messages[i]);
                }
            }

            try
            {
                if (_gps != null)
                {
                    _gps.Pump();
                }

                _controller.Loop();
                _indicator.Tick();
            }
            catch (Exception ex)
            {
                Fault(ex);
                ok = false;
            }

            return ok;
        }

        private bool Guard(InboundMessage message)
        {
            try
            {
                if (message.IsConnected)
                {
                    // Publishes the retained "online" state and replays the unacknowledged journal.
                    _controller.OnConnected();
                }
                else
                {
                    _controller.OnMessage(message.Topic, message.Payload);
                }

                return true;
            }
            catch (Exception ex)
            {
                Fault(ex);
                return false;
            }
        }

        private void Fault(Exception ex)
        {
            _faults++;
            if (Log.Worth(_faults))
            {
                Log.Error("lane step failed (#" + _faults + "): " + ex.Message);
            }
        }
    }
}
