using System.ComponentModel.DataAnnotations;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Http;

/// <summary>
/// A card or device id: it travels in MQTT topic names and hand-written JSON on the devices, so only
/// the small alphabet of <see cref="DeviceIds.IsValid"/>. Null passes (pair with Required).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireIdAttribute : ValidationAttribute
{
    public WireIdAttribute()
        : base($"{{0}} must be 1-{DeviceIds.MaxLength} characters of A-Z a-z 0-9 - _ . :")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string id && DeviceIds.IsValid(id));
}
