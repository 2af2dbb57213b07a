namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>One outbox row held by the delivery engine until it goes out.</summary>
public sealed class DeliveryItem
{
    public required long Id { get; init; }

    public required long GuardianId { get; init; }

    public required long StudentId { get; init; }

    public required string Channel { get; set; }

    /// <summary>The lane inside the channel (the Telegram bot); null for one-lane channels.</summary>
    public string? Lane { get; set; }

    /// <summary>Who receives it inside the lane (a chat id, a phone number): the unit of the per-recipient limit.</summary>
    public required string Recipient { get; set; }

    public required string Text { get; init; }

    public required int Priority { get; init; }

    public required long CreatedAtMs { get; init; }

    /// <summary>Not before this instant: quiet hours, a digest's time, a retry's backoff or a provider's retry_after.</summary>
    public long NotBeforeMs { get; set; }

    /// <summary>
    /// When it may go: <see cref="NotBeforeMs"/>, and for a non-urgent message also a few seconds
    /// after it was queued so a brother's or sister's arrival a moment later joins it.
    /// </summary>
    public long EligibleAtMs { get; set; }

    public int Attempts { get; set; }

    /// <summary>The guardian's contacts as loaded: where a fallback may go.</summary>
    public required GuardianContact Contact { get; set; }

    /// <summary>The order the engine took rows in; ties in priority go by it.</summary>
    internal long Seq { get; set; }

    public bool IsUrgent => DeliveryPriority.IsUrgent(Priority);
}

/// <summary>
/// What the scheduler hands out: one send to one recipient. A non-urgent batch may carry several
/// rows (coalesced: one message for two children passing together, or a digest); the first is
/// the carrier whose id the provider sees.
/// </summary>
public sealed record DeliveryBatch(string Channel, string? Lane, string Recipient, IReadOnlyList<DeliveryItem> Items, bool Paid)
{
    public DeliveryItem Carrier => Items[0];

    public int Priority => Items.Min(i => i.Priority);
}
