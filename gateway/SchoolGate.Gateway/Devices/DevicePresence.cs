using System.Collections.Concurrent;
using System.Net;

namespace SchoolGate.Gateway.Devices;

/// <summary>Which devices hold an MQTT connection to the embedded broker right now, and since when.</summary>
public sealed class DevicePresence
{
    private sealed record Connection(DateTimeOffset Since, string? Endpoint);

    private readonly ConcurrentDictionary<string, Connection> _connected = new(StringComparer.Ordinal);

    public void Connected(string deviceId, EndPoint? endpoint, DateTimeOffset at) => _connected[deviceId] = new Connection(at, endpoint?.ToString());

    /// <summary>
    /// Forgets the connection from <paramref name="endpoint"/> only: a device that reconnects at once
    /// may be connected again before the broker reports its old connection closed.
    /// </summary>
    public void Disconnected(string deviceId, EndPoint? endpoint)
    {
        if (_connected.TryGetValue(deviceId, out var connection) && connection.Endpoint == endpoint?.ToString())
        {
            _connected.TryRemove(KeyValuePair.Create(deviceId, connection));
        }
    }

    public bool IsOnline(string deviceId) => _connected.ContainsKey(deviceId);

    /// <summary>When the device's current connection began; null while it is not connected.</summary>
    public DateTimeOffset? ConnectedSince(string deviceId) => _connected.TryGetValue(deviceId, out var connection) ? connection.Since : null;

    public int OnlineCount => _connected.Count;
}
