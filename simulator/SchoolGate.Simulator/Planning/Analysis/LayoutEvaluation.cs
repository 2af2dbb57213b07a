namespace SchoolGate.Simulator.Planning;

/// <summary>A layout simulated over several replications, summarised for reports and the search.</summary>
public sealed record LayoutEvaluation
{
    public required int Detectors { get; init; }

    public required int Turnstiles { get; init; }

    public required int Replications { get; init; }

    public required double Children { get; init; }

    public required WaitPercentiles Waits { get; init; }

    public required Estimate ClearMinutes { get; init; }

    public required Estimate LastPassClock { get; init; }

    public required Estimate LateBecauseOfQueue { get; init; }

    public required Estimate LateAnyway { get; init; }

    public required IReadOnlyList<PointSummary> Points { get; init; }

    /// <summary>Mean number waiting at each point, averaged over replications on a shared time grid.</summary>
    public required QueueSeries MeanQueue { get; init; }

    /// <summary>All measured waits of all replications, for the distribution chart.</summary>
    public required float[] PooledWaits { get; init; }

    /// <summary>Every replication let every child through every stage exactly once.</summary>
    public required bool Conserved { get; init; }

    public int TotalLanes => Detectors + Turnstiles;

    public static LayoutEvaluation Run(Scenario scenario)
    {
        var runs = new ReplicationResult[scenario.Simulation.Replications];
        for (var r = 0; r < runs.Length; r++)
        {
            runs[r] = EntranceSimulation.Run(scenario, r);
        }

        return Summarise(scenario, runs);
    }

    public static LayoutEvaluation Summarise(Scenario scenario, IReadOnlyList<ReplicationResult> runs)
    {
        var names = StagePlan.PointNames(scenario);
        var stages = StagePlan.From(scenario);
        var points = new PointSummary[names.Count];
        for (var p = 0; p < names.Count; p++)
        {
            var meanService = names[p] == StagePlan.ScreeningName
                ? scenario.Entrance.Detectors.Screening.Mean
                : stages.First(s => s.Name == names[p]).MeanServiceSeconds;
            points[p] = SummarisePoint(names[p], p, meanService, runs);
        }

        return new LayoutEvaluation
        {
            Detectors = scenario.Entrance.Detectors.Lanes,
            Turnstiles = scenario.Entrance.Turnstiles.Lanes,
            Replications = runs.Count,
            Children = runs.Average(r => r.Measured),
            Waits = WaitPercentiles.From([.. runs.Select(r => r.TotalWaits)]),
            ClearMinutes = Estimate.Of(runs, r => r.ClearSeconds / 60),
            LastPassClock = Estimate.Of(runs, r => r.LastDeparture),
            LateBecauseOfQueue = Estimate.Of(runs, r => r.LateBecauseOfQueue),
            LateAnyway = Estimate.Of(runs, r => r.LateAnyway),
            Points = points,
            MeanQueue = AverageSeries(runs),
            PooledWaits = [.. runs.SelectMany(r => r.TotalWaits)],
            Conserved = runs.All(r => IsConserved(scenario, r)),
        };
    }

    private static PointSummary SummarisePoint(string name, int point, double meanService, IReadOnlyList<ReplicationResult> runs)
    {
        var lanes = runs[0].Lanes[point].Length;
        var utilisation = new double[lanes];
        var throughput = new double[lanes];
        foreach (var run in runs)
        {
            var window = Math.Max(run.ClearSeconds, 1e-9);
            for (var lane = 0; lane < lanes; lane++)
            {
                utilisation[lane] += run.Lanes[point][lane].BusySeconds / window / runs.Count;
                throughput[lane] += run.Lanes[point][lane].Served / (window / 60) / runs.Count;
            }
        }

        return new PointSummary(
            name,
            lanes,
            WaitPercentiles.From([.. runs.Select(r => r.PointWaits[point])]),
            Estimate.Of(runs, r => r.MaxWaiting[point]),
            utilisation,
            throughput,
            meanService > 0 ? 60 / meanService : double.PositiveInfinity,
            Estimate.Of(runs, r => r.Completed[point]));
    }

    private static bool IsConserved(Scenario scenario, ReplicationResult run)
    {
        var names = StagePlan.PointNames(scenario);
        var stagesComplete = names
            .Select((name, p) => (name, p))
            .Where(x => x.name != StagePlan.ScreeningName)
            .All(x => run.Completed[x.p] == run.Arrived && run.Lanes[x.p].Sum(l => l.Served) == run.Arrived);
        return stagesComplete && run.Departed == run.Arrived;
    }

    /// <summary>
    /// Mean over replications on one grid: the coarsest any replication needed, coarsened further
    /// if their union is still too long, each bucket keeping its largest sample before averaging.
    /// </summary>
    private static QueueSeries AverageSeries(IReadOnlyList<ReplicationResult> runs)
    {
        var points = runs[0].Series.Waiting.Length;
        var sampled = runs.Where(r => r.Series.Length > 0).Select(r => r.Series).ToArray();
        if (sampled.Length == 0)
        {
            return new QueueSeries(runs[0].Series.Origin, runs[0].Series.Interval, [.. Enumerable.Range(0, points).Select(_ => Array.Empty<float>())]);
        }

        var interval = sampled.Max(s => s.Interval);
        var (first, last) = Buckets(sampled, interval);
        while (last - first + 1 > QueueSampler.MaxPoints)
        {
            interval *= 2;
            (first, last) = Buckets(sampled, interval);
        }

        var origin = first * interval;
        var length = (int)(last - first + 1);
        var mean = new float[points][];
        for (var p = 0; p < points; p++)
        {
            mean[p] = new float[length];
        }

        foreach (var series in sampled)
        {
            var values = series.Regrid(origin, interval, length);
            for (var p = 0; p < points; p++)
            {
                for (var i = 0; i < length; i++)
                {
                    mean[p][i] += values[p][i] / runs.Count;
                }
            }
        }

        return new QueueSeries(origin, interval, mean);
    }

    private static (long First, long Last) Buckets(IReadOnlyList<QueueSeries> series, double interval)
    {
        var first = long.MaxValue;
        var last = long.MinValue;
        foreach (var s in series)
        {
            var factor = (long)Math.Round(interval / s.Interval);
            var start = (long)Math.Round(s.Origin / s.Interval);
            first = Math.Min(first, QueueSeries.FloorDiv(start, factor));
            last = Math.Max(last, QueueSeries.FloorDiv(start + s.Length - 1, factor));
        }

        return (first, last);
    }
}
