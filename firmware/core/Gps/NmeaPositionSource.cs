using System;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Core.Gps
{
    /// <summary>
    /// The position port over an NMEA 0183 byte stream, for devices without an NMEA library (the
    /// ESP32): the app hands over what its UART received (<see cref="Feed"/>, from the loop, never
    /// blocking) and the validator reads the last fix at each tap. A sentence saying the fix is
    /// lost clears it at once; a receiver that goes quiet keeps its last fix, aging (<see cref="FixAgeMs"/>).
    /// </summary>
    public sealed class NmeaPositionSource : IPositionSource
    {
        private readonly NmeaDecoder _decoder = new NmeaDecoder();
        private readonly IClock _clock;
        private bool _hasFix;
        private long _latE7;
        private long _lonE7;
        private long _fixAtMs;

        public NmeaPositionSource(IClock clock)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            _clock = clock;
        }

        public bool HasFix
        {
            get { return _hasFix; }
        }

        public long LatE7
        {
            get { return _latE7; }
        }

        public long LonE7
        {
            get { return _lonE7; }
        }

        public long FixAgeMs
        {
            get { return _hasFix ? _clock.UptimeMs - _fixAtMs : long.MaxValue; }
        }

        /// <summary>The decoder's counters (sentences read, bad ones, others skipped).</summary>
        public NmeaDecoder Decoder
        {
            get { return _decoder; }
        }

        /// <summary>Bytes from the receiver, in any chunks (a sentence may span several calls).</summary>
        public void Feed(byte[] data, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                int result = _decoder.Feed(data[i]);
                if (result == NmeaDecoder.Fix)
                {
                    _hasFix = true;
                    _latE7 = _decoder.LatE7;
                    _lonE7 = _decoder.LonE7;
                    _fixAtMs = _clock.UptimeMs;
                }
                else if (result == NmeaDecoder.NoFix)
                {
                    _hasFix = false;
                }
            }
        }
    }
}
