namespace SchoolGate.Gateway.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// How long a missing seq may hold back a device's <c>EventAck</c>. A device re-sends what it
    /// still has every 5 s (firmware ResendAfterMs) and on every reconnect, so a hole still open
    /// after many rounds is an event the device no longer has (or one the gateway can never
    /// parse); it is given up, counted (gapsAbandoned) and logged as lost, and the ack moves on.
    /// </summary>
    public int GapTimeoutSeconds { get; set; } = 120;
}
