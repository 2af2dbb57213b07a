namespace SchoolGate.Simulator.Planning;

/// <summary>One queueing point (detectors, secondary screening or turnstiles) over all replications.</summary>
public sealed record PointSummary(
    string Name,
    int Lanes,
    WaitPercentiles Waits,
    Estimate MaxWaiting,
    double[] Utilisation,
    double[] ThroughputPerMinute,
    double CapacityPerLanePerMinute,
    Estimate Completed);
