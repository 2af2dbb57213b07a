using System.Text;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Tests;

public class AccessListTests
{
    [Fact]
    public void EncodesAccessListAsCompactCamelCaseJson()
    {
        var json = Encoding.UTF8.GetString(ProtocolCodec.Encode(new AccessList(7, ["A", "B"])));

        Assert.Equal("""{"version":7,"cards":["A","B"]}""", json);
        Assert.Equal("schoolgate/v1/devices/gate-1/access/list", Topics.ForDevice("gate-1", Topics.AccessList));
    }

    [Theory]
    [InlineData("""{"cards":["b","a"],"future":1,"version":3}""", 3L, new[] { "b", "a" })]
    [InlineData("""{"version":1,"cards":[]}""", 1L, new string[0])]
    public void DecodesAccessListsInAnyOrder(string json, long version, string[] cards)
    {
        Assert.True(ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(json), ProtocolJsonContext.Default.AccessList, out var list, out var error), error);
        Assert.Equal(version, list.Version);
        Assert.Equal(cards, list.Cards);
    }

    [Theory]
    [InlineData("""{"version":1}""")]
    [InlineData("""{"cards":["a"]}""")]
    [InlineData("""{"version":1,"cards":null}""")]
    [InlineData("""{"version":1,"cards":"a"}""")]
    [InlineData("""{"version":"1","cards":[]}""")]
    public void RejectsAccessListsWithMissingOrMistypedFields(string json)
    {
        Assert.False(ProtocolCodec.TryDecode(Encoding.UTF8.GetBytes(json), ProtocolJsonContext.Default.AccessList, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void NormalizeSortsOrdinallyAndDropsDuplicates()
    {
        Assert.Equal(["04A", "B", "a", "a:1"], AccessLists.Normalize(["a", "B", "a:1", "04A", "a", "B"]));
    }

    [Theory]
    [InlineData(0L, 1_767_225_600_000L, 1_767_225_600_000L)]
    [InlineData(1_767_225_600_000L, 1_767_225_600_000L, 1_767_225_600_001L)]
    [InlineData(1_767_225_600_500L, 1_767_225_600_000L, 1_767_225_600_501L)]
    public void NextVersionIsNewerThanThePreviousEvenWhenTheClockIsNot(long previous, long nowMs, long expected)
    {
        Assert.Equal(expected, AccessLists.NextVersion(previous, nowMs));
    }
}
