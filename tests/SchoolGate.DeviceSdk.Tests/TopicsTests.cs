using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.DeviceSdk.Tests;

public class TopicsTests
{
    [Fact]
    public void BuildsDeviceTopicsUnderTheVersionedRoot()
    {
        Assert.Equal("schoolgate/v1/devices/gate-1/events/ack", Topics.ForDevice("gate-1", Topics.EventAck));
    }

    [Fact]
    public void ParsesDeviceIdAndLeafFromATopic()
    {
        Assert.True(Topics.TryParse("schoolgate/v1/devices/gate-1/access/request", out var id, out var leaf));
        Assert.Equal("gate-1", id);
        Assert.Equal("access/request", leaf);
    }

    [Theory]
    [InlineData("schoolgate/v2/devices/gate-1/events")]
    [InlineData("schoolgate/v1/devices/gate-1")]
    [InlineData("schoolgate/v1/devices/gate-1/")]
    [InlineData("schoolgate/v1/devices//events")]
    [InlineData("schoolgate/v1/devices/+/events")]
    [InlineData("schoolgate/v1/devices/#")]
    [InlineData("other/topic")]
    public void RejectsTopicsOutsideTheDeviceTree(string topic)
    {
        Assert.False(Topics.TryParse(topic, out _, out _));
    }

    [Theory]
    [InlineData("gate-1", true)]
    [InlineData("A.b:c_d-9", true)]
    [InlineData("", false)]
    [InlineData("gate/1", false)]
    [InlineData("gate+", false)]
    [InlineData("gate#", false)]
    [InlineData("gate 1", false)]
    [InlineData("\"quoted\"", false)]
    [InlineData("ключ", false)]
    public void AcceptsOnlyTheSafeIdAlphabet(string id, bool valid)
    {
        Assert.Equal(valid, DeviceIds.IsValid(id));
    }

    [Fact]
    public void RejectsIdsLongerThanTheLimit()
    {
        Assert.True(DeviceIds.IsValid(new string('a', DeviceIds.MaxLength)));
        Assert.False(DeviceIds.IsValid(new string('a', DeviceIds.MaxLength + 1)));
    }
}
