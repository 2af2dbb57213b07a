namespace SchoolGate.Simulator.Planning;

public enum QueueDiscipline
{
    /// <summary>One line feeding every lane (serpentine queue): the next child takes the first free lane.</summary>
    Shared,

    /// <summary>A line in front of each lane; a child joins the shortest one and stays in it.</summary>
    PerLane,
}

/// <summary>Walk-through metal detectors with hand-wand secondary screening for alarms.</summary>
public sealed record DetectorStage
{
    /// <summary>0 means the entrance has turnstiles only.</summary>
    public int Lanes { get; init; }

    public QueueDiscipline Queue { get; init; } = QueueDiscipline.Shared;

    public Distribution WalkThrough { get; init; } = FieldDefaults.DetectorWalkThrough;

    /// <summary>Share of children that set off the alarm and go to secondary screening.</summary>
    public double AlarmRate { get; init; } = FieldDefaults.AlarmRate;

    public Distribution Screening { get; init; } = FieldDefaults.SecondaryScreening;

    /// <summary>Staff doing secondary screening; an alarmed child steps aside so the lane is free again.</summary>
    public int Staff { get; init; } = FieldDefaults.ScreeningStaff;
}

/// <summary>Tripod turnstiles: card read plus access decision, then the rotation.</summary>
public sealed record TurnstileStage
{
    public int Lanes { get; init; } = 1;

    public QueueDiscipline Queue { get; init; } = QueueDiscipline.PerLane;

    public Distribution CardRead { get; init; } = FieldDefaults.CardRead;

    public Distribution Rotation { get; init; } = FieldDefaults.Rotation;
}

public sealed record Entrance
{
    public DetectorStage Detectors { get; init; } = new();

    public TurnstileStage Turnstiles { get; init; } = new();
}
