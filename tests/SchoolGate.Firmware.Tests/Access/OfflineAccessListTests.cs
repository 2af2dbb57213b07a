using System.Text;
using SchoolGate.Firmware.Core.Access;
using SchoolGate.Firmware.Tests.Fakes;

namespace SchoolGate.Firmware.Tests.Access;

public class OfflineAccessListTests
{
    [Fact]
    public void ContainsExactlyTheListedCards()
    {
        var list = new OfflineAccessList(new MemoryStorage());
        var cards = Enumerable.Range(0, 500).Select(i => $"card-{i * 7919 % 1000:D4}").ToArray();

        list.Replace(cards);

        Assert.Equal(500, list.Count);
        Assert.All(cards, c => Assert.True(list.Contains(c)));
        Assert.False(list.Contains("card-9999"));
        Assert.False(list.Contains("CARD-0000"));
        Assert.False(list.Contains(null!));
    }

    [Fact]
    public void DropsDuplicatesAndInvalidIdsAndCountsTheInvalidOnes()
    {
        var list = new OfflineAccessList(new MemoryStorage());

        list.Replace(["b", "a", "b", "bad/id", "", null!, "c d"]);

        Assert.Equal(2, list.Count);
        Assert.Equal(2, list.RejectedIds);
        Assert.False(list.Add("x y"));
        Assert.Equal(3, list.RejectedIds);
    }

    [Fact]
    public void AddsAndRemovesCardsAndPersistsEveryChange()
    {
        var storage = new MemoryStorage();
        var list = new OfflineAccessList(storage);
        list.Replace(["m"]);

        Assert.True(list.Add("z"));
        Assert.True(list.Add("a"));
        Assert.False(list.Add("m"));
        Assert.True(list.Remove("m"));
        Assert.False(list.Remove("m"));

        var reloaded = new OfflineAccessList(storage);
        Assert.Equal(2, reloaded.Count);
        Assert.True(reloaded.Contains("a"));
        Assert.True(reloaded.Contains("z"));
        Assert.False(reloaded.Contains("m"));
        Assert.Equal("a\nz", Encoding.UTF8.GetString(storage.Read(OfflineAccessList.StorageKey)!));
    }

    [Fact]
    public void ClearForgetsTheStoredList()
    {
        var storage = new MemoryStorage();
        var list = new OfflineAccessList(storage);
        list.Replace(["a"]);

        list.Clear();

        Assert.Equal(0, new OfflineAccessList(storage).Count);
    }

    [Fact]
    public void StoresTheVersionWithTheListInOneKey()
    {
        var storage = new MemoryStorage();
        new OfflineAccessList(storage).Replace(["b", "a"], 1_767_225_600_123);

        Assert.Equal("#version 1767225600123\na\nb", Encoding.UTF8.GetString(storage.Read(OfflineAccessList.StorageKey)!));
        var reloaded = new OfflineAccessList(storage);
        Assert.Equal(1_767_225_600_123, reloaded.Version);
        Assert.Equal(2, reloaded.Count);
        Assert.False(reloaded.Contains("#version 1767225600123"));
    }

    [Theory]
    [InlineData("#version x7\na", 0L)]
    [InlineData("#version \na", 0L)]
    [InlineData("#version 99999999999999999999\na", 0L)]
    [InlineData("#version 12", 12L)]
    [InlineData("#versio 12\na", 0L)]
    public void AGarbledVersionLineCountsAsNoVersion(string stored, long expected)
    {
        var storage = new MemoryStorage();
        storage.Write(OfflineAccessList.StorageKey, Encoding.UTF8.GetBytes(stored));

        var list = new OfflineAccessList(storage);

        Assert.Equal(expected, list.Version);
        Assert.Equal(stored.EndsWith("\na") ? 1 : 0, list.Count);
    }

    [Fact]
    public void LoadsWhatItCanFromAGarbledStoredList()
    {
        var storage = new MemoryStorage();
        storage.Write(OfflineAccessList.StorageKey, Encoding.UTF8.GetBytes("a\n\nbad id\nb\r\n"));
        Assert.True(new OfflineAccessList(storage).Contains("a"));

        storage.Write(OfflineAccessList.StorageKey, [0xFF, 0xFE]);
        Assert.Equal(0, new OfflineAccessList(storage).Count);
    }
}
