namespace SchoolGate.Gateway.Notifications;

/// <summary>What the delivery engine does after a failed send.</summary>
public enum DeliveryFailure
{
    /// <summary>Try again later (a timeout, a 5xx): the row stays queued with a backoff.</summary>
    Transient,

    /// <summary>The provider asked to wait (Telegram 429 retry_after): the engine itself waits, never the sender.</summary>
    RateLimited,

    /// <summary>The recipient shut this channel (Telegram 403: the chat blocked the bot): fall back to another channel.</summary>
    RecipientBlocked,

    /// <summary>This message can never go by this channel (a bad number, a chat that does not exist).</summary>
    Permanent,
}

/// <summary>A channel's refusal, classified so the engine can retry, wait, fall back or give up.</summary>
public sealed class DeliveryFailedException(DeliveryFailure failure, string reason, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(reason, inner)
{
    public DeliveryFailure Failure { get; } = failure;

    /// <summary>For <see cref="DeliveryFailure.RateLimited"/>: how long the provider asked to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
