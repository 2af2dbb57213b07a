using System;
using Iot.Device.Mfrc522;
using Iot.Device.Rfid;
using SchoolGate.Firmware.Core.CardReader;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.CardReader
{
    /// <summary>
    /// The card reader port over an MFRC522, polled from the lane's loop (an ESP32 has RAM for few
    /// threads, and the core's TryRead must return at once). A poll is one REQA, bounded by the
    /// chip's receive timeout (~25 ms with the driver's timer settings) when no card answers, plus
    /// an anticollision/select round of a few ms when one does; polls are spaced
    /// <c>pollEveryMs</c> apart so the loop spends at most a quarter of its time here.
    /// </summary>
    public sealed class Mfrc522Reader : ICardReader
    {
        /// <summary>A dead or unplugged reader fails every call at once: wait this long before asking again.</summary>
        public const int ErrorBackoffMs = 1000;

        // The driver stops after one REQA without an answer; the short timeout keeps a poll short
        // even with a driver version that honoured it literally.
        private static readonly TimeSpan PollTimeout = new TimeSpan(20 * TimeSpan.TicksPerMillisecond);

        private readonly MfRc522 _chip;
        private readonly IClock _clock;
        private readonly long _pollEveryMs;
        private readonly CardTapFilter _filter;
        private long _nextPollMs;
        private int _errors;

        public Mfrc522Reader(MfRc522 chip, IClock clock, long pollEveryMs, long repeatWindowMs)
        {
            _chip = chip;
            _clock = clock;
            _pollEveryMs = pollEveryMs;
            _filter = new CardTapFilter(repeatWindowMs);
        }

        /// <summary>Polls that threw (SPI faults, a reader that went away).</summary>
        public int Errors
        {
            get { return _errors; }
        }

        public CardTapFilter Filter
        {
            get { return _filter; }
        }

        public string TryRead()
        {
            long now = _clock.UptimeMs;
            if (now < _nextPollMs)
            {
                return null;
            }

            _nextPollMs = now + _pollEveryMs;
            Data106kbpsTypeA card;
            try
            {
                if (!_chip.ListenToCardIso14443TypeA(out card, PollTimeout))
                {
                    return null;
                }
            }
            catch (Exception ex)
            {
                // Anything thrown here would stop the lane: count it, report it sparingly, back off.
                _errors++;
                _nextPollMs = now + ErrorBackoffMs;
                if (Log.Worth(_errors))
                {
                    Log.Warn("card reader error #" + _errors + ": " + ex.Message);
                }

                return null;
            }

            return _filter.Accept(card.NfcId, now);
        }
    }
}
