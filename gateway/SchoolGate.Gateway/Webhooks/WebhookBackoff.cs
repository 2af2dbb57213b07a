namespace SchoolGate.Gateway.Webhooks;

/// <summary>
/// The wait before trying a failing subscription again: FirstRetrySeconds doubled for each
/// failure in a row, capped at MaxRetrySeconds, plus up to 25% jitter so receivers that failed
/// together (one outage) are not all hit again in the same second.
/// </summary>
public static class WebhookBackoff
{
    public const double MaxJitter = 0.25;

    public static TimeSpan Delay(WebhookOptions options, long consecutiveFailures, double random)
    {
        var doublings = Math.Clamp(consecutiveFailures - 1, 0, 30);
        var seconds = Math.Min(options.FirstRetrySeconds * Math.Pow(2, doublings), options.MaxRetrySeconds);
        return TimeSpan.FromSeconds(seconds * (1 + MaxJitter * Math.Clamp(random, 0, 1)));
    }

    /// <summary>The longest <see cref="Delay"/> can be, e.g. for a test that moves the clock past it.</summary>
    public static TimeSpan MaxDelay(WebhookOptions options, long consecutiveFailures) => Delay(options, consecutiveFailures, 1);
}
