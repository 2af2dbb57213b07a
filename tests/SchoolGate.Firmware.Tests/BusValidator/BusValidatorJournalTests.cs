using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.BusValidator;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.BusValidator;

/// <summary>A bus out of coverage for hours: every tap kept, in order, until the gateway acknowledges it.</summary>
public class BusValidatorJournalTests
{
    private const int Taps = BusValidatorConfig.DefaultJournalCapacity;

    [Fact]
    public void FiveThousandTapsOfflineSurviveARebootAndArriveInOrderAfterTheLinkReturns()
    {
        var bus = new Validator();
        bus.Link.IsConnected = false;
        bus.Position!.Fix(432_380_000, 768_829_000);
        for (var i = 0; i < Taps / 2; i++)
        {
            bus.Board(Card(i));
        }

        var rebooted = bus.Reboot();
        rebooted.Link.IsConnected = false;
        for (var i = Taps / 2; i < Taps; i++)
        {
            rebooted.Board(Card(i));
        }

        Assert.Equal(Taps, rebooted.Controller.PendingEvents);
        Assert.Equal(0, rebooted.Controller.LostEvents);

        // The gateway acks each window as it stores it; the device sends the next as acks slide it.
        rebooted.Link.IsConnected = true;
        rebooted.Controller.OnConnected();
        var received = new List<PassageEvent>();
        for (var round = 0; rebooted.Controller.PendingEvents > 0; round++)
        {
            Assert.True(round < 10 * Taps, "the journal never drained");
            var batch = rebooted.Link.Events;
            rebooted.Link.Clear();
            received.AddRange(batch);
            if (batch.Count > 0)
            {
                rebooted.Ack(received.Max(e => e.Seq));
            }

            rebooted.Controller.Loop();
        }

        var stored = received.DistinctBy(e => e.Seq).OrderBy(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, Taps).Select(i => (long)i), stored.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, Taps).Select(Card), stored.Select(e => e.CardId));
        Assert.All(stored, e => Assert.True(e.Offline && e.HasFix && e.Route == "12"));
        Assert.Equal(Taps, rebooted.Controller.LastAckedSeq);
        var keys = ((MemoryStorage)rebooted.Storage).Keys.Keys;
        Assert.DoesNotContain(keys, k => k.StartsWith("journal-", StringComparison.Ordinal) && !k.StartsWith(EventJournal.MetaKey, StringComparison.Ordinal));
    }

    [Fact]
    public void AFullJournalRefusesTheNewTapAndKeepsTheOldOnes()
    {
        var bus = new Validator(new BusValidatorConfig { DeviceId = "bv-01", JournalCapacity = 3 });
        bus.Link.IsConnected = false;

        for (var i = 0; i < 4; i++)
        {
            bus.Board(Card(i));
        }

        Assert.Equal(3, bus.Controller.PendingEvents);
        Assert.Equal(1, bus.Controller.LostEvents);
        bus.Link.IsConnected = true;
        bus.Controller.OnConnected();
        Assert.Equal([Card(0), Card(1), Card(2)], bus.Link.Events.Select(e => e.CardId));
    }

    [Fact]
    public void ATapWithEveryFieldTakesUnder240BytesOfFlash()
    {
        var bus = new Validator(new BusValidatorConfig { DeviceId = "bv-school7-bus12", Route = "12A", Vehicle = "KZ-045" });
        bus.Link.IsConnected = false;
        bus.Position!.Fix(-339_000_000, -1_512_000_000);

        bus.Board("04A1B2C3D4E5F6");

        var entry = bus.Storage.Read(EventJournal.EntryKey(1))!;
        Assert.InRange(entry.Length, 150, 240);
    }

    [Fact]
    public void NoTapStepAllocatesMoreThan8KbWhateverTheBacklog()
    {
        // Storage sized up front: a growing Dictionary would be the test's allocation, not the firmware's.
        var bus = new Validator(storage: new PresizedStorage(2 * Taps + 16));
        bus.Link.IsConnected = false;
        bus.Position!.Fix(432_380_000, 768_829_000);
        long largest = 0;

        for (var i = 0; i < Taps; i++)
        {
            bus.Boarding.Present(Card(i));
            var before = GC.GetAllocatedBytesForCurrentThread();
            bus.Controller.Loop();
            largest = Math.Max(largest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        // The journal keeps nothing per pending tap in RAM: the 5,000th tap costs what the first did.
        Assert.Equal(Taps, bus.Controller.PendingEvents);
        Assert.InRange(largest, 1, 8 * 1024);
    }

    private static string Card(int i) => $"04{i:X8}";

    private sealed class PresizedStorage(int capacity) : Core.Ports.IStorage
    {
        private readonly Dictionary<string, byte[]> _keys = new(capacity, StringComparer.Ordinal);

        public byte[]? Read(string key) => _keys.TryGetValue(key, out var data) ? data : null;

        public void Write(string key, byte[] data) => _keys[key] = data;

        public void Delete(string key) => _keys.Remove(key);
    }
}
