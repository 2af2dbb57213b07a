using System;
using Iot.Device.Mfrc522;
using Iot.Device.Rfid;
using SchoolGate.Firmware.Core.CardReader;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.CardReader
{
    /// <summary>
    /// The card reader port over an MFRC522, polled from the lane's loop (an ESP32 has RAM for few
    /// threads, and the core's TryRead must return at once). Polls are spaced <c>pollEveryMs</c>
    /// apart; a poll without a card costs one REQA (~36 ms: the driver's wait for the chip,
    /// WaitForCommandToComplete), a tap about two more requests and a select.
    /// </summary>
    /// <remarks>
    /// Read in nanoframework/nanoFramework.IoT.Device devices/Mfrc522/Mfrc522.cs:
    /// <c>ListenToCardIso14443TypeA(timeout)</c> returns false only when a request failed while its
    /// deadline, taken on the wall clock, is still AHEAD; once the deadline has passed it loops
    /// until a card answers. A timeout longer than one request is not enough on its own: a request
    /// held up past it (a garbage collection, another thread) or the first SNTP sync moving the RTC
    /// by years during it would freeze the lane (relay timing, decisions, heartbeats) until a card
    /// is tapped. So the empty antenna, nearly every poll, is probed with <c>IsCardPresent</c>: one
    /// REQA, no deadline, no clock. Only when a card answered is Listen used, with a deadline far
    /// beyond a request. That card is READY now, and ISO/IEC 14443-3 makes a READY card drop a REQA
    /// without answering (back to IDLE): Listen's own first REQA then usually fails at once, and a
    /// second Listen reads the card. A card that answered is on the antenna, so even a Listen whose
    /// deadline was lost returns at the card's next answer.
    /// </remarks>
    public sealed class Mfrc522Reader : ICardReader
    {
        /// <summary>A dead or unplugged reader fails every call at once: wait this long before asking again.</summary>
        public const int ErrorBackoffMs = 1000;

        /// <summary>Far longer than one request (36 ms): a Listen after a card answered fails after one unanswered request.</summary>
        public const int ListenTimeoutMs = 1000;

        private static readonly TimeSpan ListenTimeout = new TimeSpan(ListenTimeoutMs * TimeSpan.TicksPerMillisecond);

        private readonly MfRc522 _chip;
        private readonly IClock _clock;
        private readonly long _pollEveryMs;
        private readonly CardTapFilter _filter;
        private readonly byte[] _atqa = new byte[2];
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
                if (!_chip.IsCardPresent(_atqa))
                {
                    return null;
                }

                if (!_chip.ListenToCardIso14443TypeA(out card, ListenTimeout)
                    && !_chip.ListenToCardIso14443TypeA(out card, ListenTimeout))
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
