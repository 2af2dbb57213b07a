namespace SchoolGate.Gateway.Access;

public sealed class AccessListOptions
{
    public const string Section = "AccessList";

    /// <summary>
    /// Most cards sent to one turnstile. Must not exceed the firmware's OfflineListCapacity (4,000
    /// by default), which rejects a longer list whole. A school with more active cards gets the
    /// first MaxCards in ordinal order, an error in the log and accessListsTruncated: the cards
    /// left out are refused while the gateway is away (fail secure), and since every list is
    /// recomputed from active cards only, a revoked card is never kept.
    /// </summary>
    public int MaxCards { get; set; } = 4000;

    /// <summary>
    /// Changes (cards issued or revoked, students (de)activated) are coalesced for this long
    /// before lists are recomputed, so a bulk import publishes once, not once per row.
    /// </summary>
    public int DebounceMs { get; set; } = 1000;
}
