using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.CardReader;

namespace SchoolGate.Firmware.Tests.CardReader;

public sealed class CardTapFilterTests
{
    private static readonly byte[] CardA = [0x04, 0xA1, 0xB2, 0xC3];
    private static readonly byte[] CardB = [0x04, 0x5F, 0x21, 0x9A, 0x3C, 0x6E, 0x80];

    [Fact]
    public void WritesTheUidAsUppercaseHexInTransmissionOrder()
    {
        Assert.Equal("04A1B2C3", CardTapFilter.ToCardId(CardA));
        Assert.Equal("045F219A3C6E80", CardTapFilter.ToCardId(CardB));
        Assert.Equal("00FF0A", CardTapFilter.ToCardId([0x00, 0xFF, 0x0A]));
    }

    [Fact]
    public void GivesValidProtocolIdsForEveryUidSize()
    {
        foreach (var size in new[] { 1, 4, 7, 10 })
        {
            var uid = Enumerable.Range(0, size).Select(i => (byte)(0xF0 + i)).ToArray();
            Assert.True(DeviceIds.IsValid(CardTapFilter.ToCardId(uid)), $"{size}-byte uid");
        }
    }

    [Fact]
    public void RejectsAnEmptyOrOversizedUid()
    {
        var filter = new CardTapFilter(1500);

        Assert.Null(filter.Accept([], 0));
        Assert.Null(filter.Accept(new byte[11], 10));
        Assert.Equal(2, filter.Rejected);
    }

    [Fact]
    public void CountsACardHeldOnTheAntennaForSecondsAsOneTap()
    {
        var filter = new CardTapFilter(1500);

        var taps = Enumerable.Range(0, 200).Select(i => filter.Accept(CardA, i * 30L)).Where(id => id is not null).ToList();

        Assert.Equal(["04A1B2C3"], taps);
        Assert.Equal(199, filter.Repeats);
    }

    [Fact]
    public void CountsTheSameCardAgainOnceItWasAwayLongerThanTheWindow()
    {
        var filter = new CardTapFilter(1500);

        Assert.NotNull(filter.Accept(CardA, 1000));
        Assert.Null(filter.Accept(CardA, 2500));
        Assert.NotNull(filter.Accept(CardA, 4001));
    }

    [Fact]
    public void AcceptsTheNextChildsCardAtOnce()
    {
        var filter = new CardTapFilter(1500);

        Assert.Equal("04A1B2C3", filter.Accept(CardA, 0));
        Assert.Equal("045F219A3C6E80", filter.Accept(CardB, 20));
        Assert.Equal("04A1B2C3", filter.Accept(CardA, 40));
    }

    [Fact]
    public void KeepsTrackOfTheHeldCardAcrossAGarbledRead()
    {
        var filter = new CardTapFilter(1500);

        filter.Accept(CardA, 0);
        filter.Accept([], 30);

        Assert.Null(filter.Accept(CardA, 60));
    }

    [Fact]
    public void WithAZeroWindowEveryReadIsATap()
    {
        var filter = new CardTapFilter(0);

        Assert.NotNull(filter.Accept(CardA, 0));
        Assert.NotNull(filter.Accept(CardA, 1));
    }

    [Fact]
    public void RefusesANegativeWindow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CardTapFilter(-1));
    }
}
