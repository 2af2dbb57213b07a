namespace SchoolGate.Simulator.Planning;

/// <summary>What the layout search aims for and how far it may go.</summary>
public sealed record PlanTarget
{
    /// <summary>
    /// A p95 target must be above zero, in a file as on the command line: a p95 of exactly 0 s would
    /// need the upper end of its confidence interval at 0 (at least 95% of children meeting an empty
    /// lane in every replication), and "under 0 s" is no answer for a school. Ask for a few seconds instead.
    /// </summary>
    public const string P95Rule = "must be a finite number of seconds > 0";

    /// <summary>95% of children must wait (in all queues together) no longer than this.</summary>
    public double P95WaitSeconds { get; init; } = FieldDefaults.TargetP95WaitSeconds;

    public int MaxDetectors { get; init; } = FieldDefaults.MaxLanesPerKind;

    public int MaxTurnstiles { get; init; } = FieldDefaults.MaxLanesPerKind;
}

public sealed record SimulationSettings
{
    public int Replications { get; init; } = FieldDefaults.Replications;

    public int Seed { get; init; } = FieldDefaults.Seed;

    public double SampleIntervalSeconds { get; init; } = FieldDefaults.SampleIntervalSeconds;
}

/// <summary>One school entrance on one morning. Times are seconds after local midnight.</summary>
public sealed record Scenario
{
    public string Name { get; init; } = "School entrance";

    public int Students { get; init; } = 1000;

    public double LessonStart { get; init; } = 8 * 3600;

    public ArrivalProfile Arrivals { get; init; } = new()
    {
        Kind = ArrivalKind.Normal,
        Mean = 8 * 3600 - 15 * 60,
        StandardDeviation = 5 * 60,
    };

    public Entrance Entrance { get; init; } = new();

    public PlanTarget Target { get; init; } = new();

    public SimulationSettings Simulation { get; init; } = new();

    public Scenario WithLanes(int detectors, int turnstiles) => this with
    {
        Entrance = Entrance with
        {
            Detectors = Entrance.Detectors with { Lanes = detectors },
            Turnstiles = Entrance.Turnstiles with { Lanes = turnstiles },
        },
    };
}
