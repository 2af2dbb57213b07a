namespace SchoolGate.Simulator.Planning;

/// <summary>Bounds of the scenario's whole-number fields, the same in a scenario file and on the command line.</summary>
internal static class ScenarioLimits
{
    public const int MaxStudents = 1_000_000;

    /// <summary>Lanes of each kind, screening staff and the search's lane limits.</summary>
    public const int MaxLanes = 100;

    public const int MaxReplications = 1000;

    /// <summary>The rule of a share such as the alarm rate, worded for users who type 5 for 5%.</summary>
    public const string ShareRule = "must be between 0 and 1 (a share, e.g. 0.05 for 5%)";
}
