using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Tests.Fakes;
using static SchoolGate.Firmware.Tests.Access.ListFixtures;

namespace SchoolGate.Firmware.Tests.Access;

/// <summary>
/// An apply fits an ESP32's heap (~90-110 KB, fragmented: nothing over 8 KB in one piece) and
/// trusts only what the flash gives back.
/// </summary>
public class OfflineListBudgetTests
{
    [Fact]
    public void NoStepOfATwoThousandCardApplyAllocatesMoreThan8Kb()
    {
        var flash = new MemoryStorage();
        var sync = new OfflineListSync(new OfflineAccessList(flash), Capacity);
        Apply(sync, Payload(1, Cards(2_000, uidBytes: 7, seed: 5)));
        var payload = Payload(2, Cards(2_000, uidBytes: 7));

        sync.OnMessage(payload);
        long largest = 0;
        while (sync.Applying)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            sync.Loop();
            largest = Math.Max(largest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(2, sync.AppliedLists);
        // A step allocates one 4 KB page (built, or read back from flash: the fake storage copies
        // like a file read) and a few small objects; on .NET every array has a 24-byte header.
        Assert.InRange(largest, CardTable.PageBytes / 2, 8 * 1024);
    }

    [Fact]
    public void RefusesWholeAListThatWouldNeedMoreRamThanTheBudget()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var sync = new OfflineListSync(list, Capacity, maxResidentBytes: 32 * 1024);
        Apply(sync, Payload(1, Cards(2_000, uidBytes: 7)));
        Assert.Equal((1L, 2_000), (list.Version, list.Count));
        Assert.InRange(list.Table.ResidentBytes, 1, 32 * 1024);

        // 2,000 ids of 20 characters need 40,000 bytes: the list in force stays.
        Apply(sync, Payload(2, Cards(2_000, uidBytes: 10)));

        Assert.Equal(1, sync.RejectedLists);
        Assert.Equal((1L, 2_000), (list.Version, list.Count));
    }

    [Fact]
    public void APageThatDoesNotReadBackAsWrittenKeepsTheListInForce()
    {
        var flash = new WornFlash(new MemoryStorage());
        var list = new OfflineAccessList(flash);
        var sync = new OfflineListSync(list, Capacity);
        Apply(sync, Payload(1, ["04A1B2"]));

        flash.FlipABitInPage = 1;
        Apply(sync, Payload(2, Cards(900)));

        Assert.Equal(1, sync.FailedLists);
        Assert.Equal((1L, 1), (list.Version, list.Count));
        Assert.True(list.Contains("04A1B2"));
        // A reboot still finds the old list: the head never pointed at the bad pages.
        Assert.Equal(1L, new OfflineAccessList(flash).Version);

        flash.FlipABitInPage = -1;
        Apply(sync, Payload(3, Cards(900)));
        Assert.Equal((3L, 900), (list.Version, list.Count));
    }

    [Fact]
    public void AFlashThatFailsEveryReadBackGivesTheListUpAfterAFewTries()
    {
        var flash = new FlakyStorage();
        var list = new OfflineAccessList(flash);
        var sync = new OfflineListSync(list, Capacity);
        Apply(sync, Payload(1, ["04A1B2"]));

        // Reads fail once the last of the four pages is written, as a flash that dies mid-apply.
        var faults = ApplyThroughFaults(sync, Payload(2, Cards(900)),
            beforeStep: () => flash.FailingReads = flash.Inner.Keys.ContainsKey(OfflineAccessList.PageKey(list.SpareSet, 3)));

        Assert.Equal(OfflineListSync.MaxAttempts, faults);
        Assert.Equal(1, sync.FailedLists);
        Assert.Equal(1L, list.Version);
        Assert.True(list.Contains("04A1B2"));
    }

    /// <summary>Flash whose page writes can come back with one bit flipped (a worn cell).</summary>
    private sealed class WornFlash(IStorage inner) : IStorage
    {
        public int FlipABitInPage { get; set; } = -1;

        public byte[]? Read(string key) => inner.Read(key);

        public void Write(string key, byte[] data)
        {
            var stored = (byte[])data.Clone();
            if (FlipABitInPage >= 0 && key.EndsWith("-" + FlipABitInPage, StringComparison.Ordinal) && key.StartsWith("offline-list-", StringComparison.Ordinal))
            {
                stored[stored.Length / 2] ^= 0x10;
            }

            inner.Write(key, stored);
        }

        public void Delete(string key) => inner.Delete(key);
    }
}
