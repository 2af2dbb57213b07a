namespace SchoolGate.Gateway.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a receiver may take to answer one delivery; longer is a failed attempt.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Failed attempts in a row, with no success between them, after which a subscription is
    /// disabled and its school admin told. A failing receiver is tried with one delivery at a
    /// time, backing off, so with the defaults it is given about three hours.
    /// </summary>
    public int DisableAfterFailures { get; set; } = 10;

    /// <summary>Attempts at one delivery before it is given up (failed), so one payload a receiver refuses does not hold up the rest.</summary>
    public int MaxAttemptsPerDelivery { get; set; } = 6;

    /// <summary>The wait after the first failure; it doubles with each further one, plus up to a quarter of jitter.</summary>
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts.</summary>
    public int MaxRetrySeconds { get; set; } = 3600;

    public string? Problem() =>
        TimeoutSeconds is < 1 or > 60 ? $"{Section}:{nameof(TimeoutSeconds)} must be between 1 and 60."
        : DisableAfterFailures < 1 ? $"{Section}:{nameof(DisableAfterFailures)} must be at least 1."
        : MaxAttemptsPerDelivery < 1 ? $"{Section}:{nameof(MaxAttemptsPerDelivery)} must be at least 1."
        : FirstRetrySeconds < 1 || MaxRetrySeconds < FirstRetrySeconds
            ? $"{Section}:{nameof(FirstRetrySeconds)} must be at least 1 and {nameof(MaxRetrySeconds)} at least as long."
        : null;
}
