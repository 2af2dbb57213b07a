namespace SchoolGate.Simulator.Planning;

/// <summary>One layout tried by the search.</summary>
public sealed record LayoutCandidate(int Detectors, int Turnstiles, Estimate P95Wait, Estimate LateBecauseOfQueue, bool MeetsTarget)
{
    public int TotalLanes => Detectors + Turnstiles;
}

/// <summary>
/// The search outcome: the chosen layout (if any meets the target) and everything tried. Its
/// evaluations carry summaries and queue series, not every child's wait (<see cref="LayoutEvaluation.PooledWaits"/> is empty).
/// </summary>
/// <param name="Largest">The biggest layout tried; when even it fails, it shows what else limits the flow.</param>
public sealed record Recommendation(
    double TargetP95Seconds,
    LayoutEvaluation? Best,
    IReadOnlyList<LayoutCandidate> Candidates,
    LayoutEvaluation Largest);

/// <summary>
/// Tries every layout up to the limits and recommends the fewest lanes that keep the p95 wait under
/// the target. "Under" means the upper end of the 95% confidence interval, so a lucky set of
/// replications cannot sell a layout that only works on average.
/// </summary>
public static class LayoutSearch
{
    public static Recommendation Run(Scenario scenario, Action<int, int>? progress = null)
    {
        var target = scenario.Target;
        var detectorCounts = scenario.Entrance.Detectors.Lanes == 0
            ? [0]
            : Enumerable.Range(1, target.MaxDetectors).ToArray();
        var layouts = (
            from d in detectorCounts
            from t in Enumerable.Range(1, target.MaxTurnstiles)
            select (Detectors: d, Turnstiles: t)).ToArray();

        var evaluations = new LayoutEvaluation[layouts.Length];
        var done = 0;
        // Layouts are independent and each derives its random numbers from the seed alone, so
        // running them in parallel gives the same answer as running them in order.
        Parallel.For(0, layouts.Length, i =>
        {
            // Only the planned layout's wait chart needs every child's wait; holding them for all 64
            // layouts is most of the memory of a large run.
            evaluations[i] = LayoutEvaluation.Run(scenario.WithLanes(layouts[i].Detectors, layouts[i].Turnstiles)) with { PooledWaits = [] };
            progress?.Invoke(Interlocked.Increment(ref done), layouts.Length);
        });

        var candidates = evaluations
            .Select(e => new LayoutCandidate(
                e.Detectors,
                e.Turnstiles,
                e.Waits.P95,
                e.LateBecauseOfQueue,
                e.Waits.P95.High <= target.P95WaitSeconds))
            .ToArray();
        var best = evaluations
            .Where(e => e.Waits.P95.High <= target.P95WaitSeconds)
            .OrderBy(e => e.TotalLanes)
            .ThenBy(e => e.Detectors) // a detector costs more than a turnstile and needs a guard
            .ThenBy(e => e.Waits.P95.Mean)
            .FirstOrDefault();
        return new Recommendation(target.P95WaitSeconds, best, candidates, evaluations.MaxBy(e => e.TotalLanes)!);
    }
}
