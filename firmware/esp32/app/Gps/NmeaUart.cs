using System;
using System.IO.Ports;
using SchoolGate.Firmware.Core.Gps;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Esp32.Gps
{
    /// <summary>
    /// The GPS receiver on a UART: each loop tick hands what the UART buffered to the core's NMEA
    /// decoder (<see cref="NmeaPositionSource"/>), so the validator reads a fix at a tap without a
    /// thread of its own. Reads only what is already buffered: nanoFramework's SerialPort.Read with
    /// nothing buffered waits out ReadTimeout (infinite by default), which would freeze the loop.
    /// </summary>
    public sealed class NmeaUart
    {
        /// <summary>Bytes taken per tick: 9600 baud is ~960 bytes/s, a 5 ms loop drains that with room to spare.</summary>
        public const int ChunkBytes = 128;

        private readonly SerialPort _port;
        private readonly NmeaPositionSource _position;
        private readonly byte[] _buffer = new byte[ChunkBytes];
        private int _faults;

        public NmeaUart(SerialPort port, IClock clock)
        {
            _port = port;
            _position = new NmeaPositionSource(clock);
        }

        /// <summary>The position port for the validator.</summary>
        public NmeaPositionSource Position
        {
            get { return _position; }
        }

        /// <summary>UART reads that threw (a port closed under us); the loop goes on without a fix.</summary>
        public int Faults
        {
            get { return _faults; }
        }

        /// <summary>Moves buffered bytes into the decoder; never blocks, never throws.</summary>
        public void Pump()
        {
            try
            {
                int available = _port.BytesToRead;
                if (available <= 0)
                {
                    return;
                }

                int n = _port.Read(_buffer, 0, available < ChunkBytes ? available : ChunkBytes);
                _position.Feed(_buffer, 0, n);
            }
            catch (Exception)
            {
                _faults++;
            }
        }
    }
}
