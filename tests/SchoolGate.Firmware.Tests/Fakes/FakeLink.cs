using System.Text;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Firmware.Core.Ports;

namespace SchoolGate.Firmware.Tests.Fakes;

public sealed record Published(string Topic, byte[] Payload, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}

/// <summary>Records what the controller publishes; decodes it with device-sdk, as the gateway would.</summary>
public sealed class FakeLink : ILink
{
    public bool IsConnected { get; set; } = true;

    /// <summary>When false, Publish refuses like a client whose queue is full.</summary>
    public bool Accepts { get; set; } = true;

    public List<Published> Messages { get; } = [];

    public bool Publish(string topic, byte[] payload, bool retain)
    {
        if (!IsConnected || !Accepts)
        {
            return false;
        }

        Messages.Add(new Published(topic, payload, retain));
        return true;
    }

    public List<T> Decoded<T>(string leaf, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class =>
        Messages.Where(m => m.Topic.EndsWith("/" + leaf, StringComparison.Ordinal))
            .Select(m => ProtocolCodec.TryDecode(m.Payload, type, out var msg, out var error)
                ? msg
                : throw new InvalidOperationException($"core published bad {leaf}: {error}"))
            .ToList();

    public List<PassageEvent> Events => Decoded(Topics.Events, ProtocolJsonContext.Default.PassageEvent);

    public List<AccessRequest> Requests => Decoded(Topics.AccessRequest, ProtocolJsonContext.Default.AccessRequest);

    public void Clear() => Messages.Clear();
}
