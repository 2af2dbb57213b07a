namespace SchoolGate.Simulator.Planning;

/// <summary>A stage as the engine sees it: lanes, queueing and the summed service-time parts.</summary>
internal sealed record StagePlan(string Name, int Lanes, QueueDiscipline Queue, Distribution[] Parts, double AlarmRate)
{
    public double MeanServiceSeconds => Parts.Sum(p => p.Mean);

    /// <summary>Queueing points in report order: each stage, with secondary screening after the detectors.</summary>
    public static IReadOnlyList<string> PointNames(Scenario scenario) =>
        scenario.Entrance.Detectors.Lanes > 0
            ? [DetectorName, ScreeningName, TurnstileName]
            : [TurnstileName];

    public const string DetectorName = "Metal detectors";
    public const string ScreeningName = "Secondary screening";
    public const string TurnstileName = "Turnstiles";

    public static StagePlan[] From(Scenario scenario)
    {
        var entrance = scenario.Entrance;
        var turnstile = new StagePlan(
            TurnstileName,
            entrance.Turnstiles.Lanes,
            entrance.Turnstiles.Queue,
            [entrance.Turnstiles.CardRead, entrance.Turnstiles.Rotation],
            0);
        if (entrance.Detectors.Lanes == 0)
        {
            return [turnstile];
        }

        var detector = new StagePlan(
            DetectorName,
            entrance.Detectors.Lanes,
            entrance.Detectors.Queue,
            [entrance.Detectors.WalkThrough],
            entrance.Detectors.AlarmRate);
        return [detector, turnstile];
    }
}
