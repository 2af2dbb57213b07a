using System.Text;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Tests.Fakes;
using static SchoolGate.Firmware.Tests.Access.ListFixtures;

namespace SchoolGate.Firmware.Tests.Access;

/// <summary>A new list is applied a bounded piece per loop step, the old one in force meanwhile.</summary>
public class OfflineListApplyTests
{
    [Fact]
    public void EveryStepOfAFourThousandCardApplyStaysWithinTheOperationBound()
    {
        var flash = new CountingStorage(new MemoryStorage());
        var sync = new OfflineListSync(new OfflineAccessList(flash), Capacity);
        var payload = Payload(1, Cards(4_000, uidBytes: 10));

        sync.OnMessage(payload);
        var steps = 0;
        var writesPerStep = new List<int>();
        var readsPerStep = new List<int>();
        while (sync.Applying)
        {
            var (writes, reads) = (flash.Writes, flash.Reads);
            sync.Loop();
            writesPerStep.Add(flash.Writes - writes);
            readsPerStep.Add(flash.Reads - reads);
            steps++;
        }

        Assert.Equal(1, sync.AppliedLists);
        Assert.InRange(sync.LargestStep, 1, OfflineListSync.MaxStepOperations);
        // Every step writes one page or reads one back, at most; the last one writes the head
        // record and looks once for pages a lost build left behind (a read that finds none).
        Assert.All(writesPerStep.Zip(readsPerStep).SkipLast(1), io => Assert.InRange(io.First + io.Second, 0, 1));
        Assert.Equal((1, 1), (writesPerStep[^1], readsPerStep[^1]));
        // Two passes over the payload in budget-sized steps (the second also writes each entry),
        // one over the pages read back, a step per page and the commit: about 0.6 s of 5 ms loop
        // ticks on an ESP32.
        var tableBytes = 4_000 * 20;
        var work = 2 * payload.Length + 2 * tableBytes;
        var pages = CardTable.PageCount(4_000, 20);
        Assert.InRange(steps, work / OfflineListSync.MaxStepOperations, work / OfflineListSync.StepBudget + 2 * pages + 3);
    }

    [Fact]
    public void TheListInForceDecidesUntilTheNewOneIsComplete()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, Capacity);
        var others = Cards(1_500);
        Apply(sync, Payload(1, others.Append("04A1B2C3")));

        // The gateway revokes 04A1B2C3.
        sync.OnMessage(Payload(2, others));
        for (var step = 0; step < 20; step++)
        {
            sync.Loop();
        }

        Assert.True(sync.Applying);
        Assert.True(list.Contains("04A1B2C3"));
        Assert.Equal(1, list.Version);

        while (sync.Applying)
        {
            sync.Loop();
        }

        Assert.False(list.Contains("04A1B2C3"));
        Assert.Equal(2, list.Version);
        Assert.True(list.Contains(others[0]));
    }

    [Fact]
    public void AListArrivingDuringAnApplyReplacesIt()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, Capacity);
        sync.OnMessage(Payload(1, Cards(2_000)));
        sync.Loop();
        sync.Loop();

        Apply(sync, Payload(2, ["05C3D4"]));

        Assert.Equal((2L, 1), (list.Version, list.Count));
        Assert.Equal(1, sync.AppliedLists);
    }

    [Fact]
    public void AStaleListIsDroppedAsSoonAsItsVersionIsRead()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, Capacity);
        Apply(sync, Payload(5, Cards(10)));

        // The retained copy again on every reconnect: recognised in the first step, not re-read.
        var steps = Apply(sync, Payload(5, Cards(3_000)));

        Assert.Equal(1, steps);
        Assert.Equal(1, sync.StaleLists);
        Assert.Equal(10, list.Count);
    }

    [Theory]
    [InlineData("""{"version":2,"cards":["B","A"]}""")]
    [InlineData("""{"version":2,"cards":["A","A"]}""")]
    [InlineData("""{"version":2,"cards":["A","\u0042"]}""")]
    [InlineData("""{"version":2,"cards":["A","B C"]}""")]
    [InlineData("""{"version":2,"cards":["A",""]}""")]
    [InlineData("""{"version":2,"cards":["A",7]}""")]
    [InlineData("""{"version":2,"cards":["A",["B"]]}""")]
    [InlineData("""{"version":2,"cards":null}""")]
    [InlineData("""{"version":2.0,"cards":[]}""")]
    [InlineData("""{"version":"2","cards":[]}""")]
    [InlineData("""{"version":2,"cards":[],"version":3}""")]
    [InlineData("""{"version":2,"cards":[],"cards":[]}""")]
    [InlineData("""{"\u0076ersion":2,"cards":[]}""")]
    [InlineData("""{"cards":[]}""")]
    [InlineData("""{"version":2}""")]
    [InlineData("""{"version":2,"cards":[]}x""")]
    [InlineData("""[{"version":2,"cards":[]}]""")]
    [InlineData("""{"version":2,"cards":["A","B","C","D"]}""")]
    public void RefusesAListThatIsNotCanonicalValidAndWithinCapacity(string json)
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, capacity: 3);
        Apply(sync, Payload(1, ["Z"]));

        Apply(sync, Encoding.UTF8.GetBytes(json));

        Assert.Equal(1, sync.RejectedLists);
        Assert.Equal((1L, 1), (list.Version, list.Count));
    }

    [Theory]
    [InlineData("""{"cards":["A","B"],"version":2}""")]
    [InlineData(""" { "extra" : { "nested" : [ 1, -2.5e3, true, null, "\ud83d\ude00" ] } , "version" : 2 , "cards" : [ "A" , "B" ] } """)]
    [InlineData("""{"version":2,"cards":["A","B"],"extra":"\u00e9\"\\"}""")]
    public void AcceptsAnyMemberOrderWhitespaceAndUnknownMembers(string json)
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, Capacity);

        Apply(sync, Encoding.UTF8.GetBytes(json));

        Assert.Equal(["A", "B"], Entries(list));
        Assert.Equal(2, list.Version);
    }

    [Fact]
    public void AStorageFaultKeepsTheOldListAndRetriesTheBuild()
    {
        var flaky = new FlakyStorage();
        var list = new OfflineAccessList(flaky);
        var sync = new OfflineListSync(list, Capacity);
        Apply(sync, Payload(1, ["04A1B2"]));

        flaky.FailNextWrites = 2;
        var faults = ApplyThroughFaults(sync, Payload(2, Cards(600)), onFault: () => Assert.True(list.Contains("04A1B2")));

        Assert.Equal(2, faults);
        Assert.Equal((2L, 600), (list.Version, list.Count));

        flaky.Failing = true;
        faults = ApplyThroughFaults(sync, Payload(3, Cards(5)));

        Assert.Equal(OfflineListSync.MaxAttempts, faults);
        Assert.Equal(1, sync.FailedLists);
        Assert.Equal(2L, list.Version);
    }

    private sealed class CountingStorage(IStorage inner) : IStorage
    {
        public int Writes { get; private set; }

        public int Reads { get; private set; }

        public byte[]? Read(string key)
        {
            Reads++;
            return inner.Read(key);
        }

        public void Write(string key, byte[] data)
        {
            Writes++;
            inner.Write(key, data);
        }

        public void Delete(string key) => inner.Delete(key);
    }
}
