using Iot.Device.Mfrc522;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Esp32.CardReader;

namespace SchoolGate.Firmware.Esp32.Tests.CardReader;

/// <summary>
/// The reader on an MFRC522 stub that polls as the nanoFramework binding does (one request
/// without a card takes 36 ms; ListenToCardIso14443TypeA returns false only while its deadline is
/// still ahead): a poll never holds the lane loop for more than one request.
/// </summary>
public class Mfrc522ReaderTests
{
    private sealed class Clock : IClock
    {
        public long UptimeMs { get; set; }

        public long UtcNowMs => 0;
    }

    [Fact]
    public void TheStubFreezesLikeTheBindingWhenTheTimeoutIsShorterThanOneRequest()
    {
        // What the app did before: a 20 ms timeout loops until a card appears.
        var chip = new MfRc522(null!, 22, null!, false);

        Assert.Throws<InvalidOperationException>(() => chip.ListenToCardIso14443TypeA(out _, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void APollWithoutACardCostsOneRequestAndReturns()
    {
        var chip = new MfRc522(null!, 22, null!, false);
        var clock = new Clock();
        var reader = new Mfrc522Reader(chip, clock, pollEveryMs: 100, repeatWindowMs: 1500);

        for (var poll = 0; poll < 50; poll++)
        {
            var before = chip.ElapsedMs;
            Assert.Null(reader.TryRead());
            Assert.InRange(chip.ElapsedMs - before, MfRc522.RequestMs, MfRc522.RequestMs);
            clock.UptimeMs += 100;
        }

        Assert.Equal(50, chip.Requests);
        Assert.Equal(0, reader.Errors);
    }

    [Fact]
    public void PollsOnlyEveryPollIntervalSoTheLoopSpendsMostOfItsTimeElsewhere()
    {
        var chip = new MfRc522(null!, 22, null!, false);
        var clock = new Clock();
        var reader = new Mfrc522Reader(chip, clock, pollEveryMs: 100, repeatWindowMs: 1500);

        // One second of a 5 ms loop.
        for (var tick = 0; tick < 200; tick++)
        {
            reader.TryRead();
            clock.UptimeMs += 5;
        }

        Assert.Equal(10, chip.Requests);
        Assert.InRange(chip.ElapsedMs, 0, 1000 / 2);
    }

    [Fact]
    public void ReadsACardOnTheAntennaOnceAsAnUppercaseHexId()
    {
        var chip = new MfRc522(null!, 22, null!, false) { CardOnAntenna = [0x04, 0xA1, 0xB2, 0xC3] };
        var clock = new Clock();
        var reader = new Mfrc522Reader(chip, clock, pollEveryMs: 100, repeatWindowMs: 1500);

        Assert.Equal("04A1B2C3", reader.TryRead());
        clock.UptimeMs += 100;
        // Still held on the antenna: the same tap.
        Assert.Null(reader.TryRead());
    }

    [Fact]
    public void APollWithoutACardCostsOneRequestEvenWhenSntpSetsTheClockDuringIt()
    {
        // The first SNTP sync moves DateTime.UtcNow by decades; the binding's deadline is on it.
        var chip = new MfRc522(null!, 22, null!, false) { WallClockStepOnNextRequestMs = 26L * 365 * 24 * 3600 * 1000 };
        var reader = new Mfrc522Reader(chip, new Clock(), pollEveryMs: 100, repeatWindowMs: 1500);

        Assert.Null(reader.TryRead());

        Assert.Equal(MfRc522.RequestMs, chip.ElapsedMs);
        Assert.Equal(1, chip.Requests);
        Assert.Equal(0, reader.Errors);
    }

    [Fact]
    public void APollWithoutACardCostsOneRequestEvenWhenThatRequestIsHeldUpPastTheTimeout()
    {
        var chip = new MfRc522(null!, 22, null!, false) { NextRequestHeldUpMs = 150 };
        var reader = new Mfrc522Reader(chip, new Clock(), pollEveryMs: 100, repeatWindowMs: 1500);

        Assert.Null(reader.TryRead());

        Assert.Equal(1, chip.Requests);
        Assert.Equal(MfRc522.RequestMs + 150, chip.ElapsedMs);
        Assert.Equal(0, reader.Errors);
    }

    [Fact]
    public void ACardRestingOnTheAntennaIsOneTapAndPuttingItBackIsAnother()
    {
        var chip = new MfRc522(null!, 22, null!, false) { CardOnAntenna = [0x04, 0xA1, 0xB2, 0xC3] };
        var clock = new Clock();
        var reader = new Mfrc522Reader(chip, clock, pollEveryMs: 100, repeatWindowMs: 1500);

        var taps = Poll(reader, clock, seconds: 1);
        chip.CardOnAntenna = null;
        taps.AddRange(Poll(reader, clock, seconds: 2));
        chip.CardOnAntenna = [0x04, 0xA1, 0xB2, 0xC3];
        taps.AddRange(Poll(reader, clock, seconds: 1));

        Assert.Equal(["04A1B2C3", "04A1B2C3"], taps);
        Assert.Equal(0, reader.Errors);
    }

    private static List<string> Poll(Mfrc522Reader reader, Clock clock, int seconds)
    {
        var taps = new List<string>();
        for (var poll = 0; poll < seconds * 10; poll++)
        {
            var id = reader.TryRead();
            if (id != null)
            {
                taps.Add(id);
            }

            clock.UptimeMs += 100;
        }

        return taps;
    }
}
