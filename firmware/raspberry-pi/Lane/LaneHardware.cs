using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Mfrc522;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.RaspberryPi.CardReader;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// The chips a lane talks to: a GPIO controller (the Pi's, or a simulated one in tests) and a card
/// reader. The lane opens its pins on this controller; disposing the hardware releases everything.
/// </summary>
public sealed class LaneHardware(GpioController gpio, ICardReader cardReader) : IDisposable
{
    public GpioController Gpio { get; } = gpio;

    public ICardReader CardReader { get; } = cardReader;

    /// <summary>The Pi's GPIO chip and an MFRC522 on SPI, wired as in hardware-docs/turnstile.md.</summary>
    public static LaneHardware OpenRaspberryPi(LaneSettings settings, TimeProvider time, LaneLog log)
    {
        var pins = settings.Pins;
        var gpio = new GpioController();
        try
        {
            var spi = SpiDevice.Create(new SpiConnectionSettings(pins.SpiBus, pins.SpiChipSelect)
            {
                ClockFrequency = pins.SpiClockHz,
                Mode = MfRc522.DefaultSpiMode,
            });
            var errors = 0;
            Mfrc522CardReader reader;
            try
            {
                reader = new Mfrc522CardReader(spi, pins.ReaderReset, gpio, shouldDispose: false, time,
                    TimeSpan.FromMilliseconds(settings.Timings.CardRepeatMs), ex =>
                    {
                        // 1st, 10th, 100th...: a dead reader must be visible without flooding the journal.
                        var n = ++errors;
                        if (n == 1 || IsPowerOfTen(n))
                        {
                            log.Warn($"card reader error #{n}: {ex.Message}");
                        }
                    });
            }
            catch
            {
                spi.Dispose();
                throw;
            }

            log.Info($"MFRC522 on SPI{pins.SpiBus}.{pins.SpiChipSelect}, chip version {reader.ChipVersion} (0.0 is normal for clones)");
            return new LaneHardware(gpio, reader);
        }
        catch
        {
            gpio.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        (CardReader as IDisposable)?.Dispose();
        Gpio.Dispose();
    }

    private static bool IsPowerOfTen(int n)
    {
        while (n >= 10 && n % 10 == 0)
        {
            n /= 10;
        }

        return n == 1;
    }
}
