using System.Collections.Concurrent;
using System.Text;

namespace SchoolGate.Firmware.RaspberryPi.Tests.Gps;

/// <summary>
/// The GPS receiver's end of a serial line, the lowest layer the app reads: a blocking stream the
/// test writes NMEA text into, as the UART driver hands over what the receiver sent. Read blocks
/// until bytes arrive (like SerialPort.BaseStream without a timeout) and ends at Dispose.
/// </summary>
internal sealed class FakeSerialPort : Stream
{
    private readonly BlockingCollection<byte[]> _chunks = new();
    private readonly CancellationTokenSource _closed = new();
    private byte[] _current = [];
    private int _offset;

    /// <summary>What the receiver sends, in chunks as the UART delivers them.</summary>
    public void Send(string text) => _chunks.Add(Encoding.ASCII.GetBytes(text));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset == _current.Length)
        {
            try
            {
                _current = _chunks.Take(_closed.Token);
                _offset = 0;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        }

        var n = Math.Min(count, _current.Length - _offset);
        Array.Copy(_current, _offset, buffer, offset, n);
        _offset += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed.IsCancellationRequested)
        {
            _closed.Cancel();
        }

        base.Dispose(disposing);
    }
}
