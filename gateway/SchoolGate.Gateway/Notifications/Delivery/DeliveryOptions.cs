namespace SchoolGate.Gateway.Notifications.Delivery;

/// <summary>The delivery engine's settings (section "Notifications:Delivery").</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Notifications:Delivery";

    /// <summary>
    /// How long a non-urgent message waits for company: a brother's or sister's arrival within
    /// this time goes out in the same message. Urgent messages never wait.
    /// </summary>
    public double CoalesceSeconds { get; set; } = 5;

    /// <summary>Most messages that go out as one (a line each); 1 = every message on its own.</summary>
    public int MaxCoalesced { get; set; } = 10;

    /// <summary>Most messages held in memory; the rest wait in the outbox, urgent ones are always taken first.</summary>
    public int MaxHeld { get; set; } = 20_000;

    /// <summary>Attempts before a message is given up as failed (a "retry after" does not count).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Failed Telegram attempts after which an urgent message goes by SMS instead.</summary>
    public int UrgentFallbackAfterAttempts { get; set; } = 2;

    /// <summary>False: no worker runs (a load simulation drives the engine itself).</summary>
    public bool Worker { get; set; } = true;
}
