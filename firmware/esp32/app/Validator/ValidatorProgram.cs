using System;
using System.Device.Gpio;
using System.IO.Ports;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.Core.Protocol;
using SchoolGate.Firmware.Esp32.CardReader;
using SchoolGate.Firmware.Esp32.Gpio;
using SchoolGate.Firmware.Esp32.Gps;
using SchoolGate.Firmware.Esp32.Lane;
using SchoolGate.Firmware.Esp32.Mqtt;
using SchoolGate.Firmware.Esp32.Network;
using SchoolGate.Firmware.Esp32.Storage;
using SchoolGate.Firmware.Esp32.Time;

namespace SchoolGate.Firmware.Esp32.Validator
{
    /// <summary>
    /// One ESP32 on a school bus: the core's <see cref="BusValidatorController"/> on an MFRC522
    /// (two with tap-off), the lights, a GPS receiver on UART2 read by the core's NMEA decoder, the
    /// internal flash and M2Mqtt. It takes taps from boot with or without coverage; the journal
    /// delivers them when the network comes up (in the background, as for the turnstile).
    /// </summary>
    public static class ValidatorProgram
    {
        public static void Run()
        {
            Log.Info("bus validator " + Settings.DeviceId + " (route " + Settings.Route + ", vehicle " + Settings.Vehicle + ", "
                + Settings.Firmware + ") starting");
            GpioController gpio = new GpioController();
            SntpClock clock = new SntpClock();
            InboundQueue inbound = new InboundQueue(Program.InboundCapacity);
            M2MqttLink link = new M2MqttLink(Settings.BrokerHost, Settings.BrokerPort, Settings.DeviceId, Settings.Secret,
                Settings.KeepAliveSeconds, inbound);

            GpioIndicator indicator;
            NmeaUart gps = null;
            BusValidatorController controller;
            try
            {
                indicator = new GpioIndicator(gpio, Settings.GreenPin, Settings.RedPin, clock);
                Mfrc522Reader boarding = Program.OpenReader(gpio, clock, Settings.ReaderChipSelectPin, Settings.ReaderResetPin);
                Mfrc522Reader alighting = null;
                if (Settings.TapOff)
                {
                    alighting = Program.OpenReader(gpio, clock, Settings.ExitReaderChipSelectPin, Settings.ExitReaderResetPin);
                }

                if (Settings.GpsEnabled)
                {
                    gps = OpenGps(clock);
                }

                BusValidatorConfig config = new BusValidatorConfig();
                config.DeviceId = Settings.DeviceId;
                config.Firmware = Settings.Firmware;
                config.Route = Settings.Route;
                config.Vehicle = Settings.Vehicle;
                config.TapOff = Settings.TapOff;
                config.DedupeWindowMs = Settings.DedupeWindowMs;
                config.JournalCapacity = Settings.ValidatorJournalCapacity;
                controller = new BusValidatorController(config, boarding, alighting, indicator, gps == null ? null : gps.Position, clock,
                    new FlashStorage(Settings.StorageRoot), link);
            }
            catch (Exception ex)
            {
                // A dead reader, unusable flash or corrupt journal metadata: nothing to lock on a
                // bus, so log, wait and reboot (a loose cable may be fixed by then).
                Log.Error("bus validator cannot start: " + ex.Message + "; rebooting in " + (Program.RebootAfterFailedStartMs / 1000) + " s");
                Thread.Sleep(Program.RebootAfterFailedStartMs);
                Power.RebootDevice();
                return;
            }

            Log.Info("bus validator ready, " + controller.PendingEvents + " taps pending");
            // Only acks: decisions and access lists are for turnstiles.
            string[] subscriptions = new string[] { controller.TopicFor(Topics.EventAck) };
            new ConnectionKeeper(link, controller.TopicFor(Topics.State), controller.LastWillPayload(), subscriptions).Start();
            new LaneLoop(controller, inbound, indicator, gps, Settings.LoopTickMs).Run();
        }

        // A validator without its GPS still takes every tap (without a position): a UART that
        // will not open is logged, not a reason to reboot the bus's validator in a loop.
        private static NmeaUart OpenGps(SntpClock clock)
        {
            try
            {
                Configuration.SetPinFunction(Settings.GpsRxPin, DeviceFunction.COM2_RX);
                Configuration.SetPinFunction(Settings.GpsTxPin, DeviceFunction.COM2_TX);
                SerialPort port = new SerialPort(Settings.GpsPort, Settings.GpsBaudRate);
                port.Open();
                return new NmeaUart(port, clock);
            }
            catch (Exception ex)
            {
                Log.Error("GPS on " + Settings.GpsPort + " cannot be opened: " + ex.Message + "; taps carry no position");
                return null;
            }
        }
    }
}
