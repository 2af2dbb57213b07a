using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Tests.Fakes;
using static SchoolGate.Firmware.Tests.Access.ListFixtures;

namespace SchoolGate.Firmware.Tests.Access;

/// <summary>The offline list on flash: boot loading, RAM and crash safety.</summary>
public class OfflineAccessListTests
{
    [Fact]
    public void ContainsExactlyTheCardsOfTheAppliedList()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var cards = Cards(1_000, uidBytes: 4).Concat(Cards(200, uidBytes: 7, seed: 2)).ToArray();

        Apply(new OfflineListSync(list, Capacity), Payload(3, cards));

        Assert.Equal(3, list.Version);
        Assert.Equal(AccessLists.Normalize(cards), Entries(list));
        Assert.All(cards, card => Assert.True(list.Contains(card)));
        Assert.False(list.Contains(cards[0][..^1]));
        Assert.False(list.Contains(cards[0] + "0"));
        Assert.False(list.Contains(cards[0].ToLowerInvariant()));
        Assert.False(list.Contains(""));
        Assert.False(list.Contains(null!));
        Assert.False(list.Contains("Ж"));
    }

    [Fact]
    public void AListSurvivesARebootPageByPage()
    {
        var flash = new MemoryStorage();
        var cards = Cards(2_500);
        Apply(new OfflineListSync(new OfflineAccessList(flash), Capacity), Payload(7, cards));

        var rebooted = new OfflineAccessList(flash);

        Assert.Equal(7, rebooted.Version);
        Assert.Equal(AccessLists.Normalize(cards), Entries(rebooted));
        Assert.All(flash.Keys.Values, value => Assert.True(value.Length <= CardTable.PageBytes));
    }

    [Fact]
    public void ATwoThousandCardListIsAtMost32KbAndLoadsWithoutAnAllocationOver8Kb()
    {
        var flash = new MemoryStorage();
        Apply(new OfflineListSync(new OfflineAccessList(flash), Capacity), Payload(1, Cards(2_000, uidBytes: 7)));
        var budget = new AllocationBudgetStorage(flash, maxRead: 8 * 1024);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = new OfflineAccessList(budget);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2_000, loaded.Count);
        Assert.InRange(loaded.Table.ResidentBytes, 1, 32 * 1024);
        Assert.InRange(budget.LargestRead, 1, 8 * 1024);
        // Beyond the pages the storage hands over, loading allocates a few small objects (on .NET
        // each array also carries a 24-byte header): any hidden buffer over 8 KB would show here.
        Assert.InRange(allocated - loaded.Table.ResidentBytes, 0, 4 * 1024);
    }

    [Fact]
    public void APowerCutAtAnyWriteOfAnApplyLeavesTheOldListOrTheNewOneWhole()
    {
        var oldCards = Cards(600, uidBytes: 7);
        var newCards = Cards(900, uidBytes: 4, seed: 3);
        for (var cut = 1; ; cut++)
        {
            var flash = new MemoryStorage();
            Apply(new OfflineListSync(new OfflineAccessList(flash), Capacity), Payload(1, oldCards));
            var dying = new PowerCutStorage(flash, cut);
            try
            {
                Apply(new OfflineListSync(new OfflineAccessList(dying), Capacity), Payload(2, newCards));
            }
            catch (PowerCutException)
            {
            }

            var rebooted = new OfflineAccessList(flash);
            Assert.Contains(rebooted.Version, new long[] { 1, 2 });
            Assert.Equal(AccessLists.Normalize(rebooted.Version == 1 ? oldCards : newCards), Entries(rebooted));
            if (!dying.PowerLost)
            {
                Assert.True(cut > 3, "an apply writes several pages and a head");
                break;
            }

            // Whatever was left behind, the next list is applied in full.
            Apply(new OfflineListSync(rebooted, Capacity), Payload(3, newCards.Take(10)));
            Assert.Equal(10, new OfflineAccessList(flash).Count);
        }
    }

    [Fact]
    public void APageThatFailsItsCrcIsRefusedWholeAndTheLaneRefusesOffline()
    {
        var flash = new MemoryStorage();
        var cards = Cards(800);
        Apply(new OfflineListSync(new OfflineAccessList(flash), Capacity), Payload(4, cards));
        flash.Keys[OfflineAccessList.PageKey(0, 1)][10] ^= 0x01;

        var rebooted = new OfflineAccessList(flash);

        Assert.Equal(0, rebooted.Count);
        Assert.Equal(0, rebooted.Version);
        Assert.Equal(1, rebooted.LoadFailures);
        Assert.False(rebooted.Contains(cards[0]));
    }

    [Fact]
    public void ASmallerListDeletesTheLeftoverPagesAndTheLegacyTextList()
    {
        var flash = new MemoryStorage();
        flash.Write(OfflineAccessList.LegacyKey, Encoding.ASCII.GetBytes("#version 1\n04A1B2"));
        var sync = new OfflineListSync(new OfflineAccessList(flash), Capacity);

        Apply(sync, Payload(2, Cards(3_000)));
        Apply(sync, Payload(3, Cards(3_000, seed: 5)));
        Apply(sync, Payload(4, Cards(10)));
        Apply(sync, Payload(5, Cards(10, seed: 6)));

        Assert.Null(flash.Read(OfflineAccessList.LegacyKey));
        Assert.Equal(
            ["offline-list-a-0", "offline-list-b-0", "offline-list-head-a", "offline-list-head-b"],
            flash.Keys.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PagesOfABuildThatAPowerCutInterruptedAreDeletedByTheNextList()
    {
        var flash = new MemoryStorage();
        Apply(new OfflineListSync(new OfflineAccessList(flash), Capacity), Payload(1, Cards(10)));
        // The cut comes at the sixth write: five of the new list's twelve pages are on flash.
        var dying = new PowerCutStorage(flash, cutAtWrite: 6);
        Assert.Throws<PowerCutException>(() => Apply(new OfflineListSync(new OfflineAccessList(dying), Capacity), Payload(2, Cards(3_500))));
        Assert.True(flash.Keys.ContainsKey(OfflineAccessList.PageKey(1, 4)));

        var rebooted = new OfflineAccessList(flash);
        Assert.Equal(1, rebooted.Version);
        Apply(new OfflineListSync(rebooted, Capacity), Payload(3, Cards(20, seed: 4)));

        // 64 blocks of LittleFS are all an ESP32 has: nothing of the lost build may linger.
        Assert.Equal(
            ["offline-list-a-0", "offline-list-b-0", "offline-list-head-a", "offline-list-head-b"],
            flash.Keys.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheLegacyTextListIsNotLoaded()
    {
        // Reading it needed the whole file as one string; the gateway's next list replaces it.
        var flash = new MemoryStorage();
        flash.Write(OfflineAccessList.LegacyKey, Encoding.ASCII.GetBytes("#version 1\n04A1B2"));

        var list = new OfflineAccessList(flash);

        Assert.Equal((0, 0L), (list.Count, list.Version));
    }

    /// <summary>Storage that refuses to hand out any value larger than a budget, and remembers the largest it did.</summary>
    private sealed class AllocationBudgetStorage(IStorage inner, int maxRead) : IStorage
    {
        public int LargestRead { get; private set; }

        public byte[]? Read(string key)
        {
            var value = inner.Read(key);
            if (value is not null)
            {
                Assert.True(value.Length <= maxRead, $"{key}: a {value.Length}-byte read is over the {maxRead}-byte allocation budget");
                LargestRead = Math.Max(LargestRead, value.Length);
            }

            return value;
        }

        public void Write(string key, byte[] data) => inner.Write(key, data);

        public void Delete(string key) => inner.Delete(key);
    }
}
