namespace SchoolGate.Gateway.Mqtt;

/// <summary>
/// Told when a device's subscription is in place (after the ACL allowed it): the moment a
/// message the gateway owes the device, and does not retain, can reach it.
/// </summary>
public interface IDeviceSubscriptionObserver
{
    /// <summary>Runs on the broker's thread: must return at once (queue the work, do not do it here).</summary>
    void Subscribed(string deviceId, string topicFilter);
}
