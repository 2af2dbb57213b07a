namespace SchoolGate.Simulator.Planning;

/// <summary>Busy time and children served by one lane (or one screening officer).</summary>
public readonly record struct LaneUsage(double BusySeconds, int Served);

/// <summary>Everything one replication measured. Index points as in <see cref="StagePlan.PointNames"/>.</summary>
public sealed record ReplicationResult
{
    public required int Arrived { get; init; }

    public required int Departed { get; init; }

    /// <summary>Children counted in statistics (all, or those after the Poisson warm-up).</summary>
    public required int Measured { get; init; }

    /// <summary>Time each measured child spent queueing, all queues together, in seconds.</summary>
    public required float[] TotalWaits { get; init; }

    /// <summary>Per queueing point, the wait of each measured child that went through it.</summary>
    public required float[][] PointWaits { get; init; }

    /// <summary>Per queueing point, the lanes (or screening staff) and their usage.</summary>
    public required LaneUsage[][] Lanes { get; init; }

    /// <summary>Per queueing point, how many children completed it; conservation checks use this.</summary>
    public required int[] Completed { get; init; }

    public required int[] MaxWaiting { get; init; }

    public required double FirstArrival { get; init; }

    public required double LastDeparture { get; init; }

    /// <summary>Arrived early enough to be on time with no queue, but passed after the lesson began.</summary>
    public required int LateBecauseOfQueue { get; init; }

    /// <summary>Arrived too late to make it even with empty lanes.</summary>
    public required int LateAnyway { get; init; }

    public required QueueSeries Series { get; init; }

    public double ClearSeconds => LastDeparture - FirstArrival;
}
