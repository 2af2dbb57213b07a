using SchoolGate.Firmware.Core.Storage;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Storage;

public class SlotRecordTests
{
    [Fact]
    public void ReadsBackTheNewestWriteAndAlternatesSlots()
    {
        var flash = new MemoryStorage();
        var record = new SlotRecord(flash, "meta");
        Assert.Null(record.Read());

        record.Write([1]);
        record.Write([2, 2]);
        record.Write([3, 3, 3]);

        Assert.Equal([3, 3, 3], new SlotRecord(flash, "meta").Read());
        Assert.Equal(["meta-a", "meta-b"], flash.Keys.Keys.Order());
    }

    [Fact]
    public void APowerCutDuringAWriteLeavesThePreviousRecord()
    {
        var flash = new MemoryStorage();
        new SlotRecord(flash, "meta").Write([1, 1, 1, 1]);
        new SlotRecord(flash, "meta").Write([2, 2, 2, 2]);

        var dying = new SlotRecord(new PowerCutStorage(flash, cutAtWrite: 1), "meta");
        Assert.Throws<PowerCutException>(() => dying.Write([3, 3, 3, 3]));

        var rebooted = new SlotRecord(flash, "meta");
        Assert.Equal([2, 2, 2, 2], rebooted.Read());
        Assert.Equal(1, rebooted.CorruptSlots);

        // The torn slot is the one the next write reuses, so the good record survives that too.
        rebooted.Write([4]);
        var after = new SlotRecord(flash, "meta");
        Assert.Equal([4], after.Read());
        Assert.Equal(0, after.CorruptSlots);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(18)]
    [InlineData(20)]
    public void AFlippedBitAnywhereMakesTheSlotUnreadable(int at)
    {
        var flash = new MemoryStorage();
        new SlotRecord(flash, "meta").Write([9, 9]);
        var key = flash.Keys.Keys.Single();
        flash.Keys[key][at] ^= 0x10;

        var record = new SlotRecord(flash, "meta");
        Assert.Null(record.Read());
        Assert.Equal(1, record.CorruptSlots);
    }
}
