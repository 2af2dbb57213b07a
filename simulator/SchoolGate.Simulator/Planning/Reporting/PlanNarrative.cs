namespace SchoolGate.Simulator.Planning;

/// <summary>The answer in plain sentences, shared by the console and the HTML report.</summary>
internal static class PlanNarrative
{
    public static IReadOnlyList<string> AsPlanned(PlanResult result)
    {
        var plan = result.AsPlanned;
        var scenario = result.Scenario;
        var worst = plan.Points.MaxBy(p => p.MaxWaiting.Mean)!;
        var lines = new List<string>
        {
            $"With {Wording.Layout(plan.Detectors, plan.Turnstiles)}, {Wording.Count(plan.Children)} children "
            + (plan.Waits.P95.Mean < 30
                ? "pass with hardly any queue."
                : $"queue: at the worst moment about {Wording.Count(worst.MaxWaiting.Mean)} children stand in line at the {worst.Name.ToLowerInvariant()}."),
            (plan.Waits.P50.Mean < 1
                ? "Most children do not wait at all"
                : $"Half of the children wait more than {Wording.Duration(plan.Waits.P50.Mean)}")
            + "; one in twenty waits more than "
            + $"{Wording.Duration(plan.Waits.P95.Mean)}; the longest wait is {Wording.Duration(plan.Waits.Max.Mean)}.",
            $"The last child passes at {ClockTime.Format(plan.LastPassClock.Mean)}, "
            + $"{Wording.Duration(plan.ClearMinutes.Mean * 60)} after the first one arrives.",
        };

        var late = plan.LateBecauseOfQueue.Mean;
        lines.Add(late < 0.5
            ? $"No child who arrived in time is late for the {ClockTime.Format(scenario.LessonStart)} lesson because of the queue."
            : $"About {Wording.Count(late)} children who arrived in time are late for the {ClockTime.Format(scenario.LessonStart)} lesson because of the queue.");
        return lines;
    }

    public static string Recommendation(PlanResult result)
    {
        if (result.Recommendation is not { } recommendation)
        {
            return "No layout search was run (--no-search).";
        }

        var target = Wording.Duration(recommendation.TargetP95Seconds);
        if (recommendation.Best is not { } best)
        {
            var largest = recommendation.Largest;
            var none = $"No layout with up to {Wording.Layout(largest.Detectors, largest.Turnstiles)} keeps 95% of waits under {target}. ";
            var screening = largest.Points.FirstOrDefault(p => p.Name == StagePlan.ScreeningName);
            return screening is not null && screening.Waits.P95.Mean > recommendation.TargetP95Seconds / 2
                ? none + $"Secondary screening is the bottleneck: {Wording.Lanes(screening.Lanes, "person checks", "people check")} every alarmed child "
                    + $"(95% of them wait {Wording.Duration(screening.Waits.P95.Mean)} for it even with the most lanes). Add screening staff."
                : none + "Spread the arrivals (staggered start times, earlier opening) or allow more lanes.";
        }

        var plan = result.AsPlanned;
        var verdict = best.Detectors == plan.Detectors && best.Turnstiles == plan.Turnstiles
            ? "The planned layout is already the smallest that works: "
            : best.Detectors <= plan.Detectors && best.Turnstiles <= plan.Turnstiles
                ? "Fewer lanes are enough: "
                : "Recommended: ";
        return verdict + $"{Wording.Layout(best.Detectors, best.Turnstiles)} keep 95% of waits under {target} "
            + $"(95% wait {Wording.Duration(best.Waits.P95.Mean)}, last child through at {ClockTime.Format(best.LastPassClock.Mean)}, "
            + (best.LateBecauseOfQueue.Mean < 0.5
                ? "nobody late because of the queue)."
                : $"about {Wording.Count(best.LateBecauseOfQueue.Mean)} late because of the queue).");
    }
}
