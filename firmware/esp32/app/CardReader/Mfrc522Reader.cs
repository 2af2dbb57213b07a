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
    /// apart; a poll without a card costs one REQA (~36 ms: the chip's receive timeout and the
    /// driver's polling of it), with a card a few ms more for anticollision and select.
    /// </summary>
    /// <remarks>
    /// The binding's <c>ListenToCardIso14443TypeA(timeout)</c> returns false only when a request
    /// failed while its deadline is still AHEAD (nanoframework/nanoFramework.IoT.Device
    /// devices/Mfrc522/Mfrc522.cs: it returns when the deadline is later than the clock): with a
    /// timeout shorter than one request it loops until a card appears and the lane freezes (relay
    /// timing, decisions, heartbeats). With a timeout longer than a request, as the binding's own
    /// sample uses, a call is exactly one REQA when no card answers. <c>IsCardPresent</c> first is
    /// no help: its REQA moves the card to READY, where ISO 14443-3 makes it drop the REQA that
    /// <c>ListenToCardIso14443TypeA</c> sends again, so no card would ever be read. The timeout is
    /// kept at 100 ms so a binding that fixes the comparison still returns within ~140 ms.
    /// </remarks>
    public sealed class Mfrc522Reader : ICardReader
    {
        /// <summary>A dead or unplugged reader fails every call at once: wait this long before asking again.</summary>
        public const int ErrorBackoffMs = 1000;

        /// <summary>Longer than one request (36 ms), so a poll without a card is one request.</summary>
        public const int ListenTimeoutMs = 100;

        private static readonly TimeSpan ListenTimeout = new TimeSpan(ListenTimeoutMs * TimeSpan.TicksPerMillisecond);

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
                if (!_chip.ListenToCardIso14443TypeA(out card, ListenTimeout))
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
