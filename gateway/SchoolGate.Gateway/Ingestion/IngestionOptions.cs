namespace SchoolGate.Gateway.Ingestion;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>
    /// How long a missing seq may hold back a device's <c>EventAck</c> while the device is connected.
    /// A connected device re-sends what it still has every 5 s (firmware ResendAfterMs), oldest first,
    /// and on every reconnect, so a hole still open after that many rounds of an unbroken connection
    /// is an event the device no longer has (or one the gateway can never parse); it is given up,
    /// counted (gapsAbandoned) and logged as lost, and the ack moves on.
    /// </summary>
    public int GapTimeoutSeconds { get; set; } = 120;

    /// <summary>
    /// Largest step a device's seq may take above the highest seq stored for it (above 0 for its
    /// first event). A device only sends what its journal holds (the firmware's holds 500), so a
    /// bigger step is a broken or hostile counter; storing it would let the ack follow it once the
    /// hole below is given up, and a device jumps its own counter past an ack. Refused as malformed.
    /// Raise it for a while to re-attach devices with long histories to an empty store.
    /// </summary>
    public long MaxSeqJump { get; set; } = 100_000;
}
