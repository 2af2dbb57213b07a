namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Defaults from the field; sources are listed in simulator/README.md ("Defaults and their sources").
/// Every one can be overridden in the scenario file.
/// </summary>
public static class FieldDefaults
{
    /// <summary>3.0 s per child = 20 children/min, the middle of the 15–25/min walk-through range.</summary>
    public static readonly Distribution DetectorWalkThrough = Distribution.Normal(3.0, 0.8);

    /// <summary>Nuisance alarms (keys, phones, buckles) run about 5% of an average crowd.</summary>
    public const double AlarmRate = 0.05;

    /// <summary>Hand-wand check of one child after an alarm.</summary>
    public static readonly Distribution SecondaryScreening = Distribution.Normal(30, 10);

    public const int ScreeningStaff = 1;

    /// <summary>Presenting the card, RFID read and the gateway's decision (milliseconds) together.</summary>
    public static readonly Distribution CardRead = Distribution.Normal(0.8, 0.3);

    /// <summary>Pushing the tripod arm through; with the card read ~2.0 s = 30/min, inside the 20–40/min range.</summary>
    public static readonly Distribution Rotation = Distribution.Normal(1.2, 0.3);

    public const double TargetP95WaitSeconds = 120;

    public const int MaxLanesPerKind = 8;

    public const int Replications = 10;

    public const int Seed = 20240901;

    public const double SampleIntervalSeconds = 10;
}
