namespace SchoolGate.Gateway.Journeys;

/// <summary>Settings of the journeys feature (section "Journeys").</summary>
public sealed class JourneyOptions
{
    public const string Section = "Journeys";

    /// <summary>
    /// Minutes after boarding on a school morning by which the child should have come through the
    /// school's entrance; a school may set its own (PUT /api/schools/{id}/journeys/settings).
    /// </summary>
    public int AlertAfterMinutes { get; set; } = 45;

    /// <summary>
    /// A tap that reaches the gateway more than this long after it happened (an offline validator's
    /// batch, an operator's late upload) goes on the timeline but tells the guardian nothing and
    /// starts no alert: "boarded at 07:41" read at 11:00 is news of nothing, and an alert raised from
    /// it would alarm a parent about a morning that is long over.
    /// </summary>
    public int NotifyWithinMinutes { get; set; } = 120;

    /// <summary>School-local time a school morning ends (boardings after it start no alert).</summary>
    public TimeOnly MorningEndsAt { get; set; } = new(12, 0);

    /// <summary>How often the cross-rule looks for boardings past their deadline.</summary>
    public int CheckSeconds { get; set; } = 30;

    /// <summary>Most taps one intake request may carry.</summary>
    public int MaxTapsPerBatch { get; set; } = 1000;
}
