using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Journal;
using SchoolGate.Firmware.Core.Storage;
using SchoolGate.Firmware.Tests.Fakes;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Journal;

public class EventJournalTests
{
    [Fact]
    public void AssignsConsecutiveSeqsAndStoresThePublishedBytes()
    {
        var storage = new MemoryStorage();
        var journal = new EventJournal(storage, 10);

        var first = journal.TryAppend(Event());
        var second = journal.TryAppend(Event());

        Assert.True(ProtocolCodec.TryDecode(second, ProtocolJsonContext.Default.PassageEvent, out var decoded, out _));
        Assert.Equal(2, decoded.Seq);
        Assert.Equal(first, journal.Read(1));
        Assert.Equal(second, storage.Read(EventJournal.EntryKey(2)));
        Assert.Equal("2 0", Encoding.ASCII.GetString(new SlotRecord(storage, EventJournal.MetaKey).Read()!));
    }

    [Fact]
    public void ReadsNothingOutsideThePendingRange()
    {
        var journal = new EventJournal(new MemoryStorage(), 10);
        journal.TryAppend(Event());
        journal.TryAppend(Event());
        journal.Acknowledge(1);

        Assert.Null(journal.Read(0));
        Assert.Null(journal.Read(1));
        Assert.NotNull(journal.Read(2));
        Assert.Null(journal.Read(3));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("5")]
    [InlineData("3 4")]
    [InlineData("1 0 7")]
    [InlineData("99999999999999999999 0")]
    public void RefusesToStartOnCorruptLegacyMetadataRatherThanReuseSeqs(string meta)
    {
        var storage = new MemoryStorage();
        storage.Write(EventJournal.MetaKey, Encoding.ASCII.GetBytes(meta));

        var error = Assert.Throws<InvalidOperationException>(() => new EventJournal(storage, 10));
        Assert.Contains(EventJournal.MetaKey, error.Message);
    }

    private static Fw.PassageEvent Event() => new("ts-01", 0, "refused", "04A1B2", "unknown_card", false, 1);
}
