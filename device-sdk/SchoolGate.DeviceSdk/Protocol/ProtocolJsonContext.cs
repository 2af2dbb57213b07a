using System.Text.Json.Serialization;

namespace SchoolGate.DeviceSdk.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(DeviceState))]
[JsonSerializable(typeof(AccessRequest))]
[JsonSerializable(typeof(AccessDecision))]
[JsonSerializable(typeof(PassageEvent))]
[JsonSerializable(typeof(EventAck))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(AccessList))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
