using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Mfrc522;
using SchoolGate.Firmware.Core.CardReader;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.RaspberryPi.CardReader;

/// <summary>
/// The core's card reader port over an MFRC522 (13.56 MHz, ISO 14443A: the city transport card).
/// Talking to the chip blocks (an anticollision round trip, polling for a card), and the core's
/// <see cref="TryRead"/> must not, so a background thread polls the antenna and queues taps.
/// </summary>
public sealed class Mfrc522CardReader : ICardReader, IDisposable
{
    /// <summary>How long one poll listens; also bounds how long <see cref="Dispose"/> waits for the thread.</summary>
    public static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan RepollAfterRead = TimeSpan.FromMilliseconds(50);

    // A queue deeper than a few taps means the loop is not draining it; old taps are stale by then.
    private const int MaxQueued = 8;

    private readonly SpiDevice _spi;
    private readonly MfRc522 _chip;
    private readonly CardTapFilter _filter;
    private readonly TimeProvider _time;
    private readonly Action<Exception>? _onError;
    private readonly ConcurrentQueue<string> _taps = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _poller;
    private int _errors;

    /// <param name="spi">SPI mode 0, at most <see cref="MfRc522.MaximumSpiClockFrequency"/>.</param>
    /// <param name="resetPin">The chip's NRSTPD line (GPIO25 on our wiring), or -1 when it is tied high.</param>
    /// <param name="onError">Called on the poll thread when the chip cannot be read (wiring, SPI fault); polling goes on.</param>
    public Mfrc522CardReader(SpiDevice spi, int resetPin = -1, GpioController? controller = null, bool shouldDispose = true,
        TimeProvider? time = null, TimeSpan? repeatWindow = null, Action<Exception>? onError = null)
    {
        _time = time ?? TimeProvider.System;
        _filter = new CardTapFilter((long)(repeatWindow ?? TimeSpan.FromMilliseconds(1500)).TotalMilliseconds);
        _onError = onError;
        _spi = spi;
        _chip = new MfRc522(spi, resetPin, controller, shouldDispose);
        _poller = new Thread(Poll) { IsBackground = true, Name = "mfrc522-poll" };
        _poller.Start();
    }

    /// <summary>The chip's version register: 1.0 or 2.0 for a genuine MFRC522, 0.0 for many clones that work anyway.</summary>
    public Version ChipVersion => _chip.Version;

    /// <summary>Polls that threw (SPI faults).</summary>
    public int Errors => Volatile.Read(ref _errors);

    public string? TryRead() => _taps.TryDequeue(out var card) ? card : null;

    public void Dispose()
    {
        _stop.Cancel();
        var stopped = _poller.Join(PollTimeout * 5);
        try
        {
            // Switches the antenna off over SPI first, which fails on a dead bus: shutting down must not.
            _chip.Dispose();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException)
        {
            _spi.Dispose();
        }
        if (stopped)
        {
            _stop.Dispose();
        }
    }

    private void Poll()
    {
        var start = _time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_chip.ListenToCardIso14443TypeA(out var card, PollTimeout))
                {
                    var nowMs = (long)_time.GetElapsedTime(start).TotalMilliseconds;
                    var id = _filter.Accept(card.NfcId, nowMs);
                    if (id is not null && _taps.Count < MaxQueued)
                    {
                        _taps.Enqueue(id);
                    }

                    // A card left on the antenna answers every other request; no need to ask it 50 times a second.
                    _stop.Token.WaitHandle.WaitOne(RepollAfterRead);
                }
            }
            catch (Exception ex)
            {
                // Anything thrown on this thread would kill the process, and with it the lane: count it instead.
                Interlocked.Increment(ref _errors);
                _onError?.Invoke(ex);
                // A disconnected reader fails every call at once: back off instead of spinning a core.
                _stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }
}
