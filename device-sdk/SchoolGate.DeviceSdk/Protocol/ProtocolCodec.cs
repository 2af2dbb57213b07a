using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SchoolGate.DeviceSdk.Protocol;

/// <summary>Encodes and decodes protocol v1 payloads (UTF-8 JSON, camelCase, no whitespace).</summary>
public static class ProtocolCodec
{
    public static byte[] Encode(DeviceState m) => Serialize(m, ProtocolJsonContext.Default.DeviceState);
    public static byte[] Encode(AccessRequest m) => Serialize(m, ProtocolJsonContext.Default.AccessRequest);
    public static byte[] Encode(AccessDecision m) => Serialize(m, ProtocolJsonContext.Default.AccessDecision);
    public static byte[] Encode(PassageEvent m) => Serialize(m, ProtocolJsonContext.Default.PassageEvent);
    public static byte[] Encode(EventAck m) => Serialize(m, ProtocolJsonContext.Default.EventAck);
    public static byte[] Encode(Heartbeat m) => Serialize(m, ProtocolJsonContext.Default.Heartbeat);
    public static byte[] Encode(AccessList m) => Serialize(m, ProtocolJsonContext.Default.AccessList);
    public static byte[] Encode(TemplateDelete m) => Serialize(m, ProtocolJsonContext.Default.TemplateDelete);
    public static byte[] Encode(TemplateDeleted m) => Serialize(m, ProtocolJsonContext.Default.TemplateDeleted);

    /// <summary>
    /// Decodes a payload; returns false with a human-readable <paramref name="error"/> for
    /// anything that is not a well-formed message of that type (never throws on bad input).
    /// </summary>
    public static bool TryDecode<T>(ReadOnlySpan<byte> payload, JsonTypeInfo<T> type,
        [NotNullWhen(true)] out T? message, [NotNullWhen(false)] out string? error)
        where T : class
    {
        try
        {
            message = JsonSerializer.Deserialize(payload, type);
            if (message is null)
            {
                error = "payload is JSON null";
                return false;
            }

            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            message = null;
            error = $"{type.Type.Name}: {ex.Message}";
            return false;
        }
    }

    private static byte[] Serialize<T>(T message, JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(message, type);
}
