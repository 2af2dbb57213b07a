using System.Text.Json.Serialization;

namespace SchoolGate.DeviceSdk.Protocol;

// AllowDuplicateProperties = false: a field named twice ({"allow":false,...,"allow":true}) is
// ambiguous, and last-wins would let a payload pass one check with the first value and act on the
// second, so it is malformed. The firmware core's reader refuses it too (and a repeated unknown
// field as well, which System.Text.Json only skips).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(DeviceState))]
[JsonSerializable(typeof(AccessRequest))]
[JsonSerializable(typeof(AccessDecision))]
[JsonSerializable(typeof(PassageEvent))]
[JsonSerializable(typeof(EventAck))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(AccessList))]
[JsonSerializable(typeof(TemplateDelete))]
[JsonSerializable(typeof(TemplateDeleted))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
