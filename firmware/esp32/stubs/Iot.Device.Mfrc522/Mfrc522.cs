// SIGNATURE STUB, NOT SHIPPED. Simulates the binding's polling (see below) and stands in for nanoFramework.Iot.Device.Mfrc522 (and the
// Data106kbpsTypeA type of its Iot.Device.Card dependency) so firmware/esp32/app compiles on
// Linux; the device image references the real packages. Written from the packages' public
// source/docs; its accuracy is a known limit (stubs/README.md).
using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Rfid;

namespace Iot.Device.Mfrc522
{
    /// <summary>
    /// The binding's polling as its source behaves (nanoframework/nanoFramework.IoT.Device
    /// devices/Mfrc522/Mfrc522.cs), on a simulated antenna and a virtual clock instead of SPI:
    /// one REQA costs <see cref="RequestMs"/> when no card answers (the chip's receive timeout
    /// and the driver's polling of it); <see cref="IsCardPresent"/> sends one;
    /// <see cref="ListenToCardIso14443TypeA"/> repeats them with 10 ms sleeps and returns false
    /// only when a request failed while the deadline is still ahead (the source's
    /// <c>if (dtTimeout &gt; DateTime.UtcNow) return false;</c>), so a timeout shorter than one
    /// request loops until a card appears. Its deadline is on <c>DateTime.UtcNow</c>, the RTC that
    /// SNTP sets: the stub keeps that wall clock apart from the uptime it advances, so a test can
    /// set the clock, or hold a request up, while a request runs. The card follows ISO/IEC 14443-3
    /// Type A states: a REQA wakes an IDLE card to READY (it answers); a READY or ACTIVE card
    /// drops back to IDLE on a REQA without answering (the alternating "card / no card" of
    /// repeated requests reported for the same chip in miguelbalboa/rfid issues #553 and #437);
    /// select makes it ACTIVE. Members marked "simulation" are not in the package.
    /// </summary>
    public class MfRc522 : IDisposable
    {
        public const int MaximumSpiClockFrequency = 10_000_000;

        public const SpiMode DefaultSpiMode = SpiMode.Mode0;

        /// <summary>Simulation: one REQA without an answer, in ms (measured by the review).</summary>
        public const int RequestMs = 36;

        /// <summary>Simulation: a REQA that a card answers, plus anticollision and select.</summary>
        public const int SelectMs = 8;

        /// <summary>Simulation: a caller that would block this long is a frozen lane.</summary>
        public const int FrozenAfterMs = 60000;

        private const int Idle = 0;
        private const int Ready = 1;
        private const int Active = 2;

        private byte[] _card;
        private int _cardState = Idle;
        private long _wallOffsetMs;

        public MfRc522(SpiDevice spiDevice, int pinReset, GpioController gpioController, bool shouldDispose)
        {
        }

        /// <summary>Simulation: the UID of the card on the antenna, or null. A card put on the antenna powers up IDLE.</summary>
        public byte[] CardOnAntenna
        {
            get { return _card; }
            set
            {
                _card = value;
                _cardState = Idle;
            }
        }

        /// <summary>Simulation: the next request also moves the wall clock (DateTime.UtcNow) by this much, as an SNTP sync would.</summary>
        public long WallClockStepOnNextRequestMs { get; set; }

        /// <summary>Simulation: the next request takes this much longer (a garbage collection, another thread).</summary>
        public long NextRequestHeldUpMs { get; set; }

        /// <summary>Simulation: time spent inside the driver, in ms.</summary>
        public long ElapsedMs { get; private set; }

        /// <summary>Simulation: REQA commands sent.</summary>
        public int Requests { get; private set; }

        public Version Version
        {
            get { return new Version(0, 0); }
        }

        public bool IsCardPresent(byte[] atqa)
        {
            if (atqa == null || atqa.Length != 2)
            {
                throw new ArgumentException("atqa must be initialized and its size must be 2.");
            }

            return Request();
        }

        public bool ListenToCardIso14443TypeA(out Data106kbpsTypeA card, TimeSpan timeout)
        {
            card = new Data106kbpsTypeA(0, 0, 0, new byte[0], null);
            long deadline = WallClockMs + timeout.Ticks / TimeSpan.TicksPerMillisecond;
            long start = ElapsedMs;
            while (!Request())
            {
                if (deadline > WallClockMs)
                {
                    return false;
                }

                ElapsedMs += 10;
                if (ElapsedMs - start > FrozenAfterMs)
                {
                    throw new InvalidOperationException("ListenToCardIso14443TypeA has blocked for a minute: no card, and the timeout is shorter than one request");
                }
            }

            ElapsedMs += SelectMs;
            _cardState = Active;
            card.NfcId = _card;
            return true;
        }

        public void Dispose()
        {
        }

        private long WallClockMs
        {
            get { return ElapsedMs + _wallOffsetMs; }
        }

        private bool Request()
        {
            Requests++;
            bool answered = _card != null && _cardState == Idle;
            _cardState = answered ? Ready : Idle;
            ElapsedMs += (answered ? 1 : RequestMs) + NextRequestHeldUpMs;
            _wallOffsetMs += WallClockStepOnNextRequestMs;
            NextRequestHeldUpMs = 0;
            WallClockStepOnNextRequestMs = 0;
            return answered;
        }
    }
}

namespace Iot.Device.Rfid
{
    public class Data106kbpsTypeA
    {
        public Data106kbpsTypeA(byte targetNumber, ushort atqa, byte sak, byte[] nfcId, byte[] ats)
        {
            NfcId = nfcId;
        }

        public byte[] NfcId { get; set; }
    }
}
