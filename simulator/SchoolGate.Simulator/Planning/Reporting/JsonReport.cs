using System.Text.Json;
using System.Text.Json.Serialization;

namespace SchoolGate.Simulator.Planning;

/// <summary>Machine-readable results (--json). Seconds unless a name says otherwise.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(PlanResult result)
    {
        var scenario = result.Scenario;
        var names = StagePlan.PointNames(scenario);
        var document = new
        {
            scenario = new
            {
                scenario.Name,
                scenario.Students,
                LessonStart = ClockTime.Format(scenario.LessonStart),
                Arrivals = scenario.Arrivals.Kind.ToString(),
                Detectors = scenario.Entrance.Detectors.Lanes,
                Turnstiles = scenario.Entrance.Turnstiles.Lanes,
                scenario.Simulation.Seed,
                scenario.Simulation.Replications,
            },
            asPlanned = Layout(result.AsPlanned, names, scenario),
            recommendation = result.Recommendation is { } recommendation
                ? new
                {
                    recommendation.TargetP95Seconds,
                    Found = recommendation.Best is not null,
                    recommendation.Best?.Detectors,
                    recommendation.Best?.Turnstiles,
                    Summary = PlanNarrative.Recommendation(result),
                    Layout = recommendation.Best is { } best ? Layout(best, names, scenario) : null,
                    Candidates = recommendation.Candidates.Select(c => new
                    {
                        c.Detectors,
                        c.Turnstiles,
                        P95WaitSeconds = Interval(c.P95Wait),
                        LateBecauseOfQueue = Interval(c.LateBecauseOfQueue),
                        c.MeetsTarget,
                    }),
                }
                : null,
        };
        return JsonSerializer.Serialize(document, Options);
    }

    private static object Layout(LayoutEvaluation e, IReadOnlyList<string> names, Scenario scenario) => new
    {
        e.Detectors,
        e.Turnstiles,
        e.Replications,
        e.Children,
        WaitSeconds = Waits(e.Waits),
        ClearMinutes = Interval(e.ClearMinutes),
        LastPass = ClockTime.Format(e.LastPassClock.Mean),
        LateBecauseOfQueue = Interval(e.LateBecauseOfQueue),
        LateAnyway = Interval(e.LateAnyway),
        EveryChildPassedOnce = e.Conserved,
        Stages = e.Points.Select(p => new
        {
            p.Name,
            p.Lanes,
            WaitSeconds = Waits(p.Waits),
            MaxWaiting = Interval(p.MaxWaiting),
            Utilisation = p.Utilisation.Select(u => Math.Round(u, 4)),
            ThroughputPerLanePerMinute = p.ThroughputPerMinute.Select(t => Math.Round(t, 2)),
            CapacityPerLanePerMinute = Math.Round(p.CapacityPerLanePerMinute, 2),
            Passed = Interval(p.Completed),
        }),
        QueueOverTime = new
        {
            Start = ClockTime.Format(e.MeanQueue.Origin),
            IntervalSeconds = e.MeanQueue.Interval,

            // Coarser than asked when the span would need more than QueueSampler.MaxPoints values;
            // each value is then the largest sample in its interval.
            RequestedIntervalSeconds = scenario.Simulation.SampleIntervalSeconds,
            Waiting = names.Select((name, p) => new { Stage = name, Mean = e.MeanQueue.Waiting[p].Select(v => Math.Round(v, 2)) }),
        },
    };

    private static object Waits(WaitPercentiles w) => new
    {
        Mean = Interval(w.Mean),
        P50 = Interval(w.P50),
        P90 = Interval(w.P90),
        P95 = Interval(w.P95),
        P99 = Interval(w.P99),
        Max = Interval(w.Max),
    };

    private static object Interval(Estimate e) => new
    {
        Mean = Math.Round(e.Mean, 3),
        Low = Math.Round(e.Low, 3),
        High = Math.Round(e.High, 3),
    };
}
