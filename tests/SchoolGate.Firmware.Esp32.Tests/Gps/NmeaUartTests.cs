using System.IO.Ports;
using System.Text;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Esp32.Gps;

namespace SchoolGate.Firmware.Esp32.Tests.Gps;

/// <summary>
/// The validator's GPS on UART2, on a SerialPort stub that reads as nanoFramework's does (Read with
/// nothing buffered waits out ReadTimeout, infinite by default: the stub throws instead of hanging).
/// </summary>
public sealed class NmeaUartTests : IDisposable
{
    private const string Rmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n";

    private sealed class Clock : IClock
    {
        public long UptimeMs { get; set; } = 1000;

        public long UtcNowMs => 0;
    }

    private readonly SerialPort _port = new("COM2", 9600);
    private readonly NmeaUart _uart;

    public NmeaUartTests()
    {
        _port.Open();
        _uart = new NmeaUart(_port, new Clock());
    }

    public void Dispose() => _port.Dispose();

    [Fact]
    public void TheStubWaitsLikeTheRealPortWhenNothingIsBufferedAndRegistersEachPortOnce()
    {
        Assert.Throws<TimeoutException>(() => _port.Read(new byte[16], 0, 16));
        Assert.Throws<ArgumentException>(() => new SerialPort("COM2", 9600));
    }

    [Fact]
    public void AnIdleUartIsNotReadSoTheLoopNeverWaits()
    {
        _uart.Pump();

        Assert.Equal(0, _uart.Faults);
        Assert.False(_uart.Position.HasFix);
    }

    [Fact]
    public void ASentenceFromTheReceiverBecomesTheFix()
    {
        _port.SimulateReceive(Encoding.ASCII.GetBytes(Rmc));

        _uart.Pump();

        Assert.True(_uart.Position.HasFix);
        Assert.Equal((481_173_000, 115_166_667), (_uart.Position.LatE7, _uart.Position.LonE7));
    }

    [Fact]
    public void ASentenceArrivingOverSeveralTicksIsReadWhole()
    {
        var bytes = Encoding.ASCII.GetBytes(Rmc);

        _port.SimulateReceive(bytes[..30]);
        _uart.Pump();
        Assert.False(_uart.Position.HasFix);
        _port.SimulateReceive(bytes[30..]);
        _uart.Pump();

        Assert.True(_uart.Position.HasFix);
    }

    [Fact]
    public void ABacklogIsTakenAChunkPerTick()
    {
        var burst = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(Rmc, 4)));
        _port.SimulateReceive(burst);

        _uart.Pump();
        Assert.Equal(burst.Length - NmeaUart.ChunkBytes, _port.BytesToRead);
        while (_port.BytesToRead > 0)
        {
            _uart.Pump();
        }

        Assert.Equal(4, _uart.Position.Decoder.Sentences);
    }

    [Fact]
    public void AClosedPortIsCountedNotThrown()
    {
        _port.Close();

        _uart.Pump();

        Assert.Equal(1, _uart.Faults);
    }
}
