namespace SchoolGate.DeviceSdk.Protocol;

/// <summary>
/// Topic names of protocol v1. Every device topic lives under its own device id so the broker
/// can enforce "a device only touches its own subtree" with one prefix check.
/// </summary>
public static class Topics
{
    public const string Root = "schoolgate/v1/";
    public const string DevicesRoot = Root + "devices/";

    /// <summary>Device to gateway, retained, QoS 1. Also the last will ("offline").</summary>
    public const string State = "state";
    /// <summary>Device to gateway, QoS 1.</summary>
    public const string AccessRequest = "access/request";
    /// <summary>Gateway to device, QoS 1.</summary>
    public const string AccessDecision = "access/decision";
    /// <summary>Device to gateway, QoS 1, journaled on the device until acknowledged.</summary>
    public const string Events = "events";
    /// <summary>
    /// Gateway to device, QoS 1: a seq up to which every event of this device is stored (or was given
    /// up as lost after the gateway's gap timeout); the device drops its journal up to it.
    /// </summary>
    public const string EventAck = "events/ack";
    /// <summary>Device to gateway, QoS 0.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>
    /// Gateway to device, QoS 1, retained: the cards this device may let in when the gateway does
    /// not answer in time. Retained so a device gets the latest list on every (re)subscribe.
    /// </summary>
    public const string AccessList = "access/list";
    /// <summary>
    /// Gateway to device, QoS 1, not retained: delete a fingerprint template from the device's own
    /// module (<see cref="TemplateDelete"/>). Re-sent until the device confirms on
    /// <see cref="BiometricDeleted"/>, also after a reconnect.
    /// </summary>
    public const string BiometricDelete = "biometric/delete";
    /// <summary>Device to gateway, QoS 1: the template of a <see cref="TemplateDelete"/> is gone from the module.</summary>
    public const string BiometricDeleted = "biometric/deleted";

    public static string DevicePrefix(string deviceId) => DevicesRoot + deviceId + "/";

    public static string ForDevice(string deviceId, string leaf) => DevicePrefix(deviceId) + leaf;

    /// <summary>Splits <c>schoolgate/v1/devices/{id}/{leaf}</c>; false for any other shape.</summary>
    public static bool TryParse(string topic, out string deviceId, out string leaf)
    {
        deviceId = "";
        leaf = "";
        if (!topic.StartsWith(DevicesRoot, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic.AsSpan(DevicesRoot.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1)
        {
            return false;
        }

        var id = rest[..slash].ToString();
        if (!DeviceIds.IsValid(id))
        {
            return false;
        }

        deviceId = id;
        leaf = rest[(slash + 1)..].ToString();
        return true;
    }
}
