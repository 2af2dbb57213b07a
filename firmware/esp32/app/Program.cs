using System;
using System.Device.Gpio;
using System.Device.Spi;
using System.Threading;
using Iot.Device.Mfrc522;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;
using SchoolGate.Firmware.Core.Protocol;
using SchoolGate.Firmware.Core.Turnstile;
using SchoolGate.Firmware.Esp32.CardReader;
using SchoolGate.Firmware.Esp32.Gpio;
using SchoolGate.Firmware.Esp32.Lane;
using SchoolGate.Firmware.Esp32.Mqtt;
using SchoolGate.Firmware.Esp32.Network;
using SchoolGate.Firmware.Esp32.Storage;
using SchoolGate.Firmware.Esp32.Time;
using SchoolGate.Firmware.Esp32.Validator;

namespace SchoolGate.Firmware.Esp32
{
    /// <summary>
    /// One ESP32 drives one turnstile lane: the portable core's <see cref="TurnstileController"/>
    /// on GPIO, an MFRC522, the internal flash and M2Mqtt. The lane serves from its offline list
    /// from boot; the network comes up in the background. With <see cref="Settings.Role"/>
    /// "bus-validator" the same image runs <see cref="ValidatorProgram"/> instead.
    /// </summary>
    public static class Program
    {
        /// <summary>MQTT messages waiting for the loop; a 5 ms loop drains it long before this fills.</summary>
        public const int InboundCapacity = 32;

        /// <summary>After a failed start the device reboots after this pause (a loose reader cable may be fixed by then).</summary>
        public const int RebootAfterFailedStartMs = 30000;

        public static void Main()
        {
            if (Settings.Role == DeviceKinds.BusValidator)
            {
                ValidatorProgram.Run();
                return;
            }

            Log.Info("lane " + Settings.DeviceId + " (" + Settings.Direction + ", " + Settings.Firmware + ") starting");
            GpioController gpio = new GpioController();
            SntpClock clock = new SntpClock();
            InboundQueue inbound = new InboundQueue(InboundCapacity);
            M2MqttLink link = new M2MqttLink(Settings.BrokerHost, Settings.BrokerPort, Settings.DeviceId, Settings.Secret,
                Settings.KeepAliveSeconds, inbound);

            GpioRelay relay = null;
            GpioIndicator indicator;
            TurnstileController controller;
            try
            {
                // The relay first: off before anything else runs (fail secure for entry). Inside
                // the try: a pin that cannot be opened must still end in the locked reboot below.
                relay = new GpioRelay(gpio, Settings.RelayPin, Settings.RelayActiveHigh);
                indicator = new GpioIndicator(gpio, Settings.GreenPin, Settings.RedPin, clock);
                GpioInput rotation = new GpioInput(gpio, Settings.RotationSensorPin, true, Settings.RotationDebounceMs);
                TurnstileConfig config = new TurnstileConfig();
                config.DeviceId = Settings.DeviceId;
                config.Direction = Settings.Direction;
                config.Firmware = Settings.Firmware;
                config.OfflineListCapacity = Settings.OfflineListCapacity;
                config.OfflineListMaxBytes = Settings.OfflineListMaxBytes;
                controller = new TurnstileController(config, relay, rotation,
                    OpenReader(gpio, clock, Settings.ReaderChipSelectPin, Settings.ReaderResetPin), indicator, clock,
                    new FlashStorage(Settings.StorageRoot), link);
            }
            catch (Exception ex)
            {
                // A dead reader, unusable flash, a pin that would not open or corrupt journal
                // metadata: the entry stays locked (an unopened relay pin floats, and the driver's
                // pull-down holds it off).
                if (relay != null)
                {
                    relay.Close();
                }

                Log.Error("lane cannot start: " + ex.Message + "; entry locked, rebooting in " + (RebootAfterFailedStartMs / 1000) + " s");
                Thread.Sleep(RebootAfterFailedStartMs);
                Power.RebootDevice();
                return;
            }

            Log.Info("lane ready, " + controller.PendingEvents + " events pending");
            string[] subscriptions = new string[]
            {
                controller.TopicFor(Topics.AccessDecision),
                controller.TopicFor(Topics.EventAck),
                controller.TopicFor(Topics.AccessList),
                controller.TopicFor(Topics.BiometricDelete),
            };
            new ConnectionKeeper(link, controller.TopicFor(Topics.State), controller.LastWillPayload(), subscriptions).Start();
            new LaneLoop(controller, inbound, indicator, null, Settings.LoopTickMs).Run();
        }

        /// <summary>An MFRC522 on the VSPI bus with its own chip select and reset lines.</summary>
        internal static Mfrc522Reader OpenReader(GpioController gpio, SntpClock clock, int chipSelectPin, int resetPin)
        {
            // The ESP32 routes SPI through its GPIO matrix: nanoFramework needs the pins named.
            Configuration.SetPinFunction(Settings.SpiMosiPin, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(Settings.SpiMisoPin, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(Settings.SpiClockPin, DeviceFunction.SPI1_CLOCK);
            SpiConnectionSettings spiSettings = new SpiConnectionSettings(Settings.SpiBus, chipSelectPin);
            spiSettings.ClockFrequency = Settings.SpiClockHz;
            spiSettings.Mode = MfRc522.DefaultSpiMode;
            MfRc522 chip = new MfRc522(SpiDevice.Create(spiSettings), resetPin, gpio, false);
            Log.Info("MFRC522 chip version " + chip.Version.ToString() + " (0.0 is normal for clones)");
            return new Mfrc522Reader(chip, clock, Settings.CardPollMs, Settings.CardRepeatMs);
        }
    }
}
