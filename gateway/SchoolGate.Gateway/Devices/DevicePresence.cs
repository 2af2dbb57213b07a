using System.Collections.Concurrent;

namespace SchoolGate.Gateway.Devices;

/// <summary>Which devices hold an MQTT connection to the embedded broker right now.</summary>
public sealed class DevicePresence
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _connected = new(StringComparer.Ordinal);

    public void Connected(string deviceId, DateTimeOffset at) => _connected[deviceId] = at;

    public void Disconnected(string deviceId) => _connected.TryRemove(deviceId, out _);

    public bool IsOnline(string deviceId) => _connected.ContainsKey(deviceId);

    public int OnlineCount => _connected.Count;
}
