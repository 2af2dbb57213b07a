namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>
    /// Topic names of protocol v1, mirrored from device-sdk's Topics (which cannot run on
    /// nanoFramework). A test keeps both identical.
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
        /// <summary>Device to gateway.</summary>
        public const string Heartbeat = "heartbeat";
        /// <summary>Gateway to device, QoS 1, retained: the offline access list.</summary>
        public const string AccessList = "access/list";
        /// <summary>Gateway to device, QoS 1: delete a fingerprint template from the module (re-sent until confirmed).</summary>
        public const string BiometricDelete = "biometric/delete";
        /// <summary>Device to gateway, QoS 1: the template is gone from the module.</summary>
        public const string BiometricDeleted = "biometric/deleted";

        public static string DevicePrefix(string deviceId)
        {
            return DevicesRoot + deviceId + "/";
        }

        public static string ForDevice(string deviceId, string leaf)
        {
            return DevicePrefix(deviceId) + leaf;
        }
    }
}
