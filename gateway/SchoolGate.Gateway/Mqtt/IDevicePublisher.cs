namespace SchoolGate.Gateway.Mqtt;

/// <summary>Sends a gateway message to one device (QoS 1, not retained).</summary>
public interface IDevicePublisher
{
    Task PublishAsync(string deviceId, string leaf, byte[] payload, CancellationToken cancellationToken);
}
