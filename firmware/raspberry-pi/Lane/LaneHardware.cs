using System.Device.Gpio;
using System.Device.Spi;
using System.IO.Ports;
using Iot.Device.Mfrc522;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.RaspberryPi.CardReader;
using SchoolGate.Firmware.RaspberryPi.Configuration;

namespace SchoolGate.Firmware.RaspberryPi.Lane;

/// <summary>
/// The chips a device talks to: a GPIO controller (the Pi's, or a simulated one in tests), a card
/// reader and, for a bus validator, the exit door's reader (tap-off) and the GPS receiver's serial
/// stream. The device opens its pins on this controller; disposing the hardware releases everything.
/// </summary>
public sealed class LaneHardware(GpioController gpio, ICardReader cardReader, ICardReader? exitCardReader = null,
    Stream? gpsSerial = null, IDisposable? gpsPort = null) : IDisposable
{
    public GpioController Gpio { get; } = gpio;

    public ICardReader CardReader { get; } = cardReader;

    /// <summary>The exit door's reader of a bus validator with tap-off; null otherwise.</summary>
    public ICardReader? ExitCardReader { get; } = exitCardReader;

    /// <summary>NMEA 0183 from the bus validator's GPS receiver; null without one.</summary>
    public Stream? GpsSerial { get; } = gpsSerial;

    /// <summary>
    /// The Pi's GPIO chip and an MFRC522 on SPI, wired as in hardware-docs/turnstile.md; for a bus
    /// validator (hardware-docs/bus-validator.md) also the exit reader on CE1 and the GPS UART.
    /// </summary>
    public static LaneHardware OpenRaspberryPi(LaneSettings settings, TimeProvider time, LaneLog log)
    {
        var pins = settings.Pins;
        var gpio = new GpioController();
        var opened = new List<IDisposable>();
        try
        {
            var reader = OpenReader(settings, pins.SpiChipSelect, pins.ReaderReset, gpio, time, log, "card reader");
            opened.Add(reader);
            Mfrc522CardReader? exitReader = null;
            if (settings.IsBusValidator && settings.Validator.TapOff)
            {
                exitReader = OpenReader(settings, pins.ExitReaderChipSelect, pins.ExitReaderReset, gpio, time, log, "exit door reader");
                opened.Add(exitReader);
            }

            SerialPort? gps = null;
            if (settings.IsBusValidator && settings.Gps.Enabled)
            {
                gps = OpenGps(settings.Gps, log);
            }

            return new LaneHardware(gpio, reader, exitReader, gps?.BaseStream, gps);
        }
        catch
        {
            opened.Reverse();
            opened.ForEach(d => d.Dispose());
            gpio.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        (CardReader as IDisposable)?.Dispose();
        (ExitCardReader as IDisposable)?.Dispose();
        gpsPort?.Dispose();
        Gpio.Dispose();
    }

    // A validator without its GPS still takes every tap (without a position), so a receiver that
    // cannot be opened is a warning, not a reason to stop the bus's validator.
    public static SerialPort? OpenGps(GpsSettings settings, LaneLog log)
    {
        // Blocking reads (no timeout): the NMEA parser reads on its own thread.
        var port = new SerialPort(settings.Port, settings.BaudRate, Parity.None, 8, StopBits.One);
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            log.Warn($"GPS receiver on {settings.Port} cannot be opened ({ex.Message}; is the UART enabled, is the user in dialout?): "
                + "taps carry no position");
            return null;
        }

        log.Info($"GPS receiver on {settings.Port} at {settings.BaudRate} baud");
        return port;
    }

    private static Mfrc522CardReader OpenReader(LaneSettings settings, int chipSelect, int resetPin, GpioController gpio, TimeProvider time,
        LaneLog log, string name)
    {
        var pins = settings.Pins;
        var spi = SpiDevice.Create(new SpiConnectionSettings(pins.SpiBus, chipSelect)
        {
            ClockFrequency = pins.SpiClockHz,
            Mode = MfRc522.DefaultSpiMode,
        });
        var errors = 0;
        Mfrc522CardReader reader;
        try
        {
            reader = new Mfrc522CardReader(spi, resetPin, gpio, shouldDispose: false, time,
                TimeSpan.FromMilliseconds(settings.Timings.CardRepeatMs), ex =>
                {
                    // 1st, 10th, 100th...: a dead reader must be visible without flooding the journal.
                    var n = ++errors;
                    if (n == 1 || IsPowerOfTen(n))
                    {
                        log.Warn($"{name} error #{n}: {ex.Message}");
                    }
                });
        }
        catch
        {
            spi.Dispose();
            throw;
        }

        log.Info($"MFRC522 ({name}) on SPI{pins.SpiBus}.{chipSelect}, chip version {reader.ChipVersion} (0.0 is normal for clones)");
        return reader;
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
