// SIGNATURE STUB, NOT SHIPPED. Stands in for nanoFramework.System.IO.Ports so firmware/esp32/app
// compiles on Linux and its UART reader can be tested on .NET; the device image references the
// real package. Behaves like the package where the app depends on it (stubs/README.md), read in
// nanoframework/System.IO.Ports System.IO.Ports/SerialPort.cs.
using System.Collections;

namespace System.IO.Ports
{
    public enum Parity
    {
        None,
        Odd,
        Even,
        Mark,
        Space,
    }

    public enum StopBits
    {
        None,
        One,
        Two,
        OnePointFive,
    }

    public sealed class SerialPort : IDisposable
    {
        public const int InfiniteTimeout = -1;

        // The real constructor registers each COM port once (SerialDeviceController.DeviceCollection).
        private static readonly ArrayList s_ports = new ArrayList();

        private readonly int _portIndex;
        private readonly string _portName;
        private readonly int _baudRate;
        private readonly ArrayList _received = new ArrayList();
        private bool _opened;
        private int _readTimeout = InfiniteTimeout;

        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            // As the real one: 'n' of "COMn" from the fourth character, and a second instance of a port throws.
            _portIndex = portName.ToCharArray()[3] - 48;
            for (int i = 0; i < s_ports.Count; i++)
            {
                if (((SerialPort)s_ports[i])._portIndex == _portIndex)
                {
                    throw new ArgumentException();
                }
            }

            _portName = portName;
            _baudRate = baudRate;
            s_ports.Add(this);
        }

        public string PortName
        {
            get { return _portName; }
        }

        public int BaudRate
        {
            get { return _baudRate; }
        }

        public bool IsOpen
        {
            get { return _opened; }
        }

        public int ReadTimeout
        {
            get { return _readTimeout; }
            set
            {
                if (value <= 0)
                {
                    throw new ArgumentOutOfRangeException();
                }

                _readTimeout = value;
            }
        }

        /// <summary>Bytes in the receive buffer; the real property is native and throws when the port is not open.</summary>
        public int BytesToRead
        {
            get
            {
                if (!_opened)
                {
                    throw new InvalidOperationException();
                }

                return _received.Count;
            }
        }

        public void Open()
        {
            if (_opened)
            {
                throw new InvalidOperationException();
            }

            _opened = true;
        }

        public void Close()
        {
            _opened = false;
        }

        /// <summary>
        /// Up to <paramref name="count"/> buffered bytes ("fewer bytes are read if count is greater
        /// than the number of bytes in the input buffer"). With nothing buffered the native read
        /// waits for <see cref="ReadTimeout"/>, infinite by default, then throws
        /// <see cref="TimeoutException"/>: the stub throws at once instead of hanging a test.
        /// </summary>
        public int Read(byte[] buffer, int offset, int count)
        {
            if (!_opened)
            {
                throw new InvalidOperationException();
            }

            if (buffer == null)
            {
                throw new ArgumentNullException();
            }

            if (offset > buffer.Length || count > buffer.Length)
            {
                throw new InvalidOperationException();
            }

            if (offset + count > buffer.Length)
            {
                throw new ArgumentException();
            }

            if (_received.Count == 0)
            {
                throw new System.TimeoutException();
            }

            int n = 0;
            while (n < count && _received.Count > 0)
            {
                buffer[offset + n] = (byte)_received[0];
                _received.RemoveAt(0);
                n++;
            }

            return n;
        }

        public void Dispose()
        {
            Close();
            s_ports.Remove(this);
        }

        /// <summary>Simulation: what the device on the other end sent, now in the receive buffer.</summary>
        public void SimulateReceive(byte[] data)
        {
            for (int i = 0; i < data.Length; i++)
            {
                _received.Add(data[i]);
            }
        }
    }
}
