namespace SchoolGate.Firmware.Core.Device
{
    /// <summary>
    /// What a device's main loop drives, whatever the device is (a turnstile lane, a bus
    /// validator): queued MQTT traffic in, then one non-blocking step. Every call comes from the
    /// loop's one thread.
    /// </summary>
    public interface IDeviceController
    {
        /// <summary>The link (re)connected.</summary>
        void OnConnected();

        /// <summary>A message arrived on one of the device's topics; never throws for bad input.</summary>
        void OnMessage(string topic, byte[] payload);

        /// <summary>One step; never blocks.</summary>
        void Loop();
    }
}
