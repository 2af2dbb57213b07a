using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// A device may only publish and subscribe under its own subtree
/// <c>schoolgate/v1/devices/{itsOwnId}/</c>. Because the prefix ends in '/', and ids cannot contain
/// '/', '+' or '#', a prefix check also rules out wildcards that would reach another device.
/// </summary>
public static class TopicAcl
{
    public static bool IsAllowed(string deviceId, string topicOrFilter)
    {
        if (!DeviceIds.IsValid(deviceId))
        {
            return false;
        }

        var prefix = Topics.DevicePrefix(deviceId);
        return topicOrFilter.Length > prefix.Length && topicOrFilter.StartsWith(prefix, StringComparison.Ordinal);
    }
}
