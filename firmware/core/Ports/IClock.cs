namespace SchoolGate.Firmware.Core.Ports
{
    /// <summary>
    /// Time source. UptimeMs is monotonic and drives every timeout; UtcNowMs (unix milliseconds,
    /// e.g. from SNTP) only stamps messages, because it can jump when the device syncs its clock.
    /// </summary>
    public interface IClock
    {
        long UptimeMs { get; }

        long UtcNowMs { get; }
    }
}
