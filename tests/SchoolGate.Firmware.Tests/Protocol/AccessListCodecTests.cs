using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using Fw = SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Tests.Protocol;

/// <summary>The gateway writes access lists with ProtocolCodec; the core must read exactly those bytes.</summary>
public class AccessListCodecTests
{
    private const int Capacity = 4000;

    public static TheoryData<long, string[]> Lists => new()
    {
        { 1, [] },
        { 7, ["A", "B"] },
        { 1_767_225_600_000, ["04A1B2C3D4", "card:9", "t1x4f-C0001", "x.y_z-0", new string('Z', 64)] },
        { long.MaxValue, ["a"] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void AccessListBytesEqualProtocolCodec(long version, string[] cards)
    {
        var sdk = ProtocolCodec.Encode(new AccessList(version, cards));
        var core = Fw.WireCodec.Encode(new Fw.AccessList(version, cards));

        Assert.Equal(Encoding.UTF8.GetString(sdk), Encoding.UTF8.GetString(core));
        Assert.True(ProtocolCodec.TryDecode(core, ProtocolJsonContext.Default.AccessList, out var back, out var error), error);
        Assert.Equal(version, back.Version);
        Assert.Equal(cards, back.Cards);
    }

    [Fact]
    public void EscapesCardStringsLikeProtocolCodecEvenThoughValidIdsNeverNeedIt()
    {
        string[] cards = ["a\"b", "é😀", "<&>", ""];

        Assert.Equal(
            Encoding.UTF8.GetString(ProtocolCodec.Encode(new AccessList(3, cards))),
            Encoding.UTF8.GetString(Fw.WireCodec.Encode(new Fw.AccessList(3, cards))));
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public void DecodesAccessListsEncodedByProtocolCodec(long version, string[] cards)
    {
        // The gateway always writes the canonical order (AccessLists.Normalize); the device insists on it.
        var payload = ProtocolCodec.Encode(new AccessList(version, AccessLists.Normalize(cards)));

        Assert.True(Fw.WireCodec.TryDecode(payload, Capacity, out Fw.AccessList list));
        Assert.Equal(version, list.Version);
        Assert.Equal(AccessLists.Normalize(cards), list.Cards);
    }

    [Fact]
    public void DecodesThreeThousandCardsEncodedByProtocolCodec()
    {
        var cards = AccessLists.Normalize(Enumerable.Range(0, 3000).Select(i => $"04{i * 7919 % 100000:X8}"));
        var payload = ProtocolCodec.Encode(new AccessList(42, cards));

        Assert.True(Fw.WireCodec.TryDecode(payload, Capacity, out Fw.AccessList list));
        Assert.Equal(cards, list.Cards);
    }

    [Theory]
    [InlineData("{\"cards\":[\"A\",\"B\"],\"version\":9}")]
    [InlineData(" {\n \"version\" : 9 , \"extra\": {\"x\":[1,{}]}, \"cards\" : [ \"A\" ,\n\"B\" ] } ")]
    public void DecodesListsInAnyOrderWithWhitespaceAndUnknownFields(string json)
    {
        Assert.True(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), Capacity, out Fw.AccessList list));
        Assert.Equal(9, list.Version);
        Assert.Equal(["A", "B"], list.Cards);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"version\":9}")]
    [InlineData("{\"cards\":[\"A\"]}")]
    [InlineData("{\"version\":9,\"cards\":null}")]
    [InlineData("{\"version\":9,\"cards\":\"A\"}")]
    [InlineData("{\"version\":9,\"cards\":{\"A\":1}}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\",null]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\",7]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\",[\"B\"]]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\",]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\" \"B\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\"]")]
    [InlineData("{\"version\":\"9\",\"cards\":[\"A\"]}")]
    [InlineData("{\"version\":9.5,\"cards\":[\"A\"]}")]
    [InlineData("{\"version\":9,\"version\":10,\"cards\":[\"A\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\"],\"cards\":[]}")]
    [InlineData("{\"version\":9,\"cards\":[\"bad id\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"a/b\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"é\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\"]}trailing")]
    [InlineData("{\"version\":9,\"cards\":[\"B\",\"A\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"A\",\"A\"]}")]
    [InlineData("{\"version\":9,\"cards\":[\"\\u0042\",\"C\"]}")]
    public void RejectsMalformedListsAndInvalidCardIds(string json)
    {
        Assert.False(Fw.WireCodec.TryDecode(Encoding.UTF8.GetBytes(json), Capacity, out Fw.AccessList list));
        Assert.Null(list);
    }

    [Fact]
    public void RejectsAListLongerThanTheCapacityButTakesOneOfExactlyThatSize()
    {
        var three = ProtocolCodec.Encode(new AccessList(1, ["a", "b", "c"]));

        Assert.True(Fw.WireCodec.TryDecode(three, 3, out Fw.AccessList _));
        Assert.False(Fw.WireCodec.TryDecode(three, 2, out Fw.AccessList _));
        Assert.False(Fw.WireCodec.TryDecode(null!, 3, out Fw.AccessList _));
    }
}
