namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Where the vehicle is (a GPS receiver). Polled by the bus validator at every tap, so reading
    /// must not block: the device's own code reads the receiver (a UART, a serial port) and keeps
    /// the last fix here.
    /// </summary>
    public interface IPositionSource
    {
        /// <summary>The receiver's latest report was a valid fix (false before the first one and after a lost fix).</summary>
        bool HasFix { get; }

        /// <summary>Latitude of the last valid fix in 1e-7 degrees, north positive.</summary>
        long LatE7 { get; }

        /// <summary>Longitude of the last valid fix in 1e-7 degrees, east positive.</summary>
        long LonE7 { get; }

        /// <summary>Milliseconds of uptime since that fix was received: a receiver that went quiet keeps an old fix.</summary>
        long FixAgeMs { get; }
    }
}
