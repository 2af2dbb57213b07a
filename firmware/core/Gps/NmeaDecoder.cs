namespace SchoolGate.Firmware.Core.Gps
{
    /// <summary>
    /// NMEA 0183 from a GPS receiver, one byte at a time (a UART hands over whatever arrived): the
    /// position of RMC and GGA sentences of any talker (GP, GN, GL, GA, BD...), in 1e-7 degrees with
    /// integer arithmetic only (nanoFramework has no Math, and doubles would round differently on
    /// the two runtimes). A sentence must carry its "*hh" checksum and match it; anything malformed
    /// is counted in <see cref="BadSentences"/> and ignored. Never throws, never allocates after
    /// construction (one 82-byte line buffer).
    /// </summary>
    public sealed class NmeaDecoder
    {
        /// <summary>NMEA 0183: at most 82 characters from '$' to the line end, i.e. 79 between them.</summary>
        public const int MaxSentenceLength = 82;

        /// <summary><see cref="Feed"/>: no sentence ended with this byte, or it was not one we read.</summary>
        public const int Nothing = 0;

        /// <summary><see cref="Feed"/>: a valid fix; <see cref="LatE7"/> and <see cref="LonE7"/> hold it.</summary>
        public const int Fix = 1;

        /// <summary><see cref="Feed"/>: the receiver says it has no fix (RMC status V, GGA quality 0).</summary>
        public const int NoFix = 2;

        private const int MaxFields = 20;

        private readonly byte[] _line = new byte[MaxSentenceLength];
        private readonly int[] _fieldStart = new int[MaxFields];
        private readonly int[] _fieldEnd = new int[MaxFields];
        private int _length;
        private bool _inSentence;
        private bool _overflow;
        private int _fields;
        private long _latE7;
        private long _lonE7;
        private int _sentences;
        private int _badSentences;
        private int _otherSentences;

        /// <summary>Latitude of the last <see cref="Fix"/>, 1e-7 degrees, north positive.</summary>
        public long LatE7
        {
            get { return _latE7; }
        }

        /// <summary>Longitude of the last <see cref="Fix"/>, 1e-7 degrees, east positive.</summary>
        public long LonE7
        {
            get { return _lonE7; }
        }

        /// <summary>RMC and GGA sentences read (with or without a fix).</summary>
        public int Sentences
        {
            get { return _sentences; }
        }

        /// <summary>Sentences refused: wrong or missing checksum, too long, cut off, unreadable fields.</summary>
        public int BadSentences
        {
            get { return _badSentences; }
        }

        /// <summary>Valid sentences of other types (GSV, VTG, proprietary...), skipped.</summary>
        public int OtherSentences
        {
            get { return _otherSentences; }
        }

        /// <summary>Feeds one received byte; returns <see cref="Fix"/> or <see cref="NoFix"/> when it ended an RMC or GGA sentence.</summary>
        public int Feed(byte b)
        {
            if (b == '$')
            {
                if (_inSentence)
                {
                    // A new sentence began before the last one ended: the receiver was cut off.
                    _badSentences++;
                }

                _inSentence = true;
                _overflow = false;
                _length = 0;
                return Nothing;
            }

            if (!_inSentence)
            {
                return Nothing;
            }

            if (b == '\r' || b == '\n')
            {
                _inSentence = false;
                if (_overflow)
                {
                    _badSentences++;
                    return Nothing;
                }

                return Sentence();
            }

            // '$' and the line end are not stored, so a full buffer holds the 79 characters between them.
            if (_length >= MaxSentenceLength - 3)
            {
                _overflow = true;
                return Nothing;
            }

            _line[_length++] = b;
            return Nothing;
        }

        /// <summary>Feeds <paramref name="count"/> bytes; returns the result of the last sentence that ended in them (or <see cref="Nothing"/>).</summary>
        public int Feed(byte[] data, int offset, int count)
        {
            int last = Nothing;
            for (int i = offset; i < offset + count; i++)
            {
                int result = Feed(data[i]);
                if (result != Nothing)
                {
                    last = result;
                }
            }

            return last;
        }

        private int Sentence()
        {
            int star = -1;
            int checksum = 0;
            for (int i = 0; i < _length; i++)
            {
                byte c = _line[i];
                if (c < 0x20 || c > 0x7E)
                {
                    _badSentences++;
                    return Nothing;
                }

                if (c == '*')
                {
                    star = i;
                    break;
                }

                checksum ^= c;
            }

            if (star < 0 || star != _length - 3 || HexValue(_line[star + 1]) < 0 || HexValue(_line[star + 2]) < 0
                || HexValue(_line[star + 1]) * 16 + HexValue(_line[star + 2]) != checksum)
            {
                _badSentences++;
                return Nothing;
            }

            SplitFields(star);
            if (Is('R', 'M', 'C'))
            {
                return Counted(Rmc());
            }

            if (Is('G', 'G', 'A'))
            {
                return Counted(Gga());
            }

            _otherSentences++;
            return Nothing;
        }

        private int Counted(int result)
        {
            if (result < 0)
            {
                _badSentences++;
                return Nothing;
            }

            _sentences++;
            return result;
        }

        // $--RMC,hhmmss.ss,A,ddmm.mm,N,dddmm.mm,E,speed,course,ddmmyy,magvar,E[,mode[,navstatus]]*hh
        private int Rmc()
        {
            if (_fields < 12)
            {
                return -1;
            }

            int status = FieldChar(2);
            if (status == 'V')
            {
                return NoFix;
            }

            if (status != 'A')
            {
                return -1;
            }

            // NMEA 2.3 added a mode field: N (not valid) overrides the status.
            if (_fields > 12 && FieldChar(12) == 'N')
            {
                return NoFix;
            }

            return Position(3, 5);
        }

        // $--GGA,hhmmss.ss,ddmm.mm,N,dddmm.mm,E,quality,satellites,hdop,altitude,M,geoid,M,age,station*hh
        private int Gga()
        {
            if (_fields < 7)
            {
                return -1;
            }

            int quality = FieldChar(6);
            if (quality < '0' || quality > '9' || _fieldEnd[6] - _fieldStart[6] != 1)
            {
                return -1;
            }

            // 1 GPS, 2 DGPS, 3 PPS, 4 RTK, 5 float RTK are measured; 0 none, 6 estimated (dead
            // reckoning), 7 manual input and 8 simulation are not where the bus is.
            if (quality == '0' || quality > '5')
            {
                return NoFix;
            }

            return Position(2, 4);
        }

        private int Position(int latField, int lonField)
        {
            long lat = Coordinate(latField, 2, 90, 'N', 'S');
            long lon = Coordinate(lonField, 3, 180, 'E', 'W');
            if (lat == long.MinValue || lon == long.MinValue)
            {
                return -1;
            }

            _latE7 = lat;
            _lonE7 = lon;
            return Fix;
        }

        // "ddmm.mmmm" + hemisphere field -> 1e-7 degrees, long.MinValue when malformed. Minute
        // digits beyond the seventh decimal are read and dropped (no receiver is that precise).
        private long Coordinate(int field, int degreeDigits, long maxDegrees, char positive, char negative)
        {
            int start = _fieldStart[field];
            int end = _fieldEnd[field];
            int hemisphere = FieldChar(field + 1);
            if (_fieldEnd[field + 1] - _fieldStart[field + 1] != 1 || (hemisphere != positive && hemisphere != negative))
            {
                return long.MinValue;
            }

            int dot = start;
            while (dot < end && _line[dot] != '.')
            {
                dot++;
            }

            if (dot - start != degreeDigits + 2)
            {
                return long.MinValue;
            }

            long degrees = 0;
            long minutes = 0;
            for (int i = start; i < dot; i++)
            {
                int digit = _line[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return long.MinValue;
                }

                if (i < start + degreeDigits)
                {
                    degrees = degrees * 10 + digit;
                }
                else
                {
                    minutes = minutes * 10 + digit;
                }
            }

            // Minutes in 1e-7: the whole minutes, then up to seven decimals.
            long minutesE7 = minutes * 10000000;
            long scale = 1000000;
            for (int i = dot + 1; i < end; i++)
            {
                int digit = _line[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    return long.MinValue;
                }

                minutesE7 += digit * scale;
                scale /= 10;
            }

            if (minutes >= 60 || degrees > maxDegrees || (degrees == maxDegrees && minutesE7 > 0))
            {
                return long.MinValue;
            }

            long value = degrees * 10000000 + (minutesE7 + 30) / 60;
            return hemisphere == negative ? -value : value;
        }

        private void SplitFields(int end)
        {
            _fields = 0;
            int start = 0;
            for (int i = 0; i <= end && _fields < MaxFields; i++)
            {
                if (i == end || _line[i] == ',')
                {
                    _fieldStart[_fields] = start;
                    _fieldEnd[_fields] = i;
                    _fields++;
                    start = i + 1;
                }
            }
        }

        // The address field: two talker characters and the three-letter sentence formatter.
        // Proprietary sentences ("$PUBX,...") start with 'P' and are never RMC or GGA.
        private bool Is(char a, char b, char c)
        {
            int start = _fieldStart[0];
            return _fieldEnd[0] - start == 5 && _line[start] != 'P'
                && _line[start + 2] == a && _line[start + 3] == b && _line[start + 4] == c;
        }

        private int FieldChar(int field)
        {
            return field < _fields && _fieldEnd[field] > _fieldStart[field] ? _line[_fieldStart[field]] : -1;
        }

        private static int HexValue(byte c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
