using System.Device.Gpio;
using System.Device.Spi;
using SchoolGate.Firmware.RaspberryPi.CardReader;

namespace SchoolGate.Firmware.RaspberryPi.Tests.CardReader;

/// <summary>
/// The reader's polling thread on an SPI bus with nothing useful on it (no real MFRC522 here):
/// it must stay quiet, never block the caller, and survive a bus that starts failing.
/// </summary>
public sealed class Mfrc522CardReaderTests
{
    [Fact]
    public void ReturnsNothingAtOnceWhenNoCardAnswers()
    {
        using var reader = new Mfrc522CardReader(new SilentSpiDevice());

        Assert.Null(reader.TryRead());
        Assert.Equal(0, reader.Errors);
    }

    [Fact]
    public async Task CountsAndReportsSpiFaultsAndStillShutsDownCleanly()
    {
        var spi = new SilentSpiDevice();
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var reader = new Mfrc522CardReader(spi, onError: ex => reported.TrySetResult(ex));

        spi.Broken = true;
        var error = await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType<IOException>(error);
        Assert.True(reader.Errors >= 1);
        Assert.Null(reader.TryRead());
    }

    [Fact]
    public void PulsesTheResetLineAtStartAndReleasesItOnDispose()
    {
        var board = new SimulatedBoard();
        using var gpio = new GpioController(board.Driver);

        var reader = new Mfrc522CardReader(new SilentSpiDevice(), resetPin: 25, gpio, shouldDispose: false);
        Assert.Equal(PinValue.High, board.LastWritten(25));
        reader.Dispose();

        Assert.False(gpio.IsPinOpen(25));
    }

    /// <summary>A bus whose chip answers zero to everything, or throws like a pulled cable.</summary>
    private sealed class SilentSpiDevice : SpiDevice
    {
        public volatile bool Broken;

        public override SpiConnectionSettings ConnectionSettings { get; } = new(0, 0);

        public override byte ReadByte() => Check(0);

        public override void Read(Span<byte> buffer)
        {
            Check(0);
            buffer.Clear();
        }

        public override void WriteByte(byte value) => Check(value);

        public override void Write(ReadOnlySpan<byte> buffer) => Check(0);

        public override void TransferFullDuplex(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            Check(0);
            readBuffer.Clear();
        }

        private byte Check(byte value) => Broken ? throw new IOException("SPI transfer failed") : value;
    }
}
