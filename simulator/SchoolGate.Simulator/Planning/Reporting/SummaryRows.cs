using System.Globalization;

namespace SchoolGate.Simulator.Planning;

/// <summary>The rows of the summary tables, shared by the console and HTML views.</summary>
internal static class SummaryRows
{
    public static readonly IReadOnlyList<(string Label, Func<LayoutEvaluation, string> Cell)> Layout =
    [
        ("Median wait (p50)", e => Seconds(e.Waits.P50)),
        ("p90 wait", e => Seconds(e.Waits.P90)),
        ("p95 wait", e => Seconds(e.Waits.P95)),
        ("p99 wait", e => Seconds(e.Waits.P99)),
        ("Longest wait", e => Seconds(e.Waits.Max)),
        ("Mean wait", e => Seconds(e.Waits.Mean)),
        ("Last child through", e => ClockTime.Format(e.LastPassClock.Mean)),
        ("Time to clear the rush", e => Wording.WithInterval(e.ClearMinutes, v => Wording.Number(v) + " min")),
        ("Late because of the queue", e => Wording.WithInterval(e.LateBecauseOfQueue, v => Wording.Number(v, "0"))),
        ("Late anyway (arrived too late)", e => Wording.WithInterval(e.LateAnyway, v => Wording.Number(v, "0"))),
    ];

    public static readonly IReadOnlyList<string> StageHeaders =
        ["Stage", "Lanes", "Capacity /lane/min", "Throughput /lane/min", "Utilisation per lane", "p95 wait", "Most in line"];

    public static IEnumerable<string[]> Stages(LayoutEvaluation plan) =>
        plan.Points.Select(point => new[]
        {
            point.Name,
            point.Lanes.ToString(CultureInfo.InvariantCulture),
            Wording.Number(point.CapacityPerLanePerMinute),
            string.Join(" ", point.ThroughputPerMinute.Select(t => Wording.Number(t))),
            string.Join(" ", point.Utilisation.Select(Wording.Percent)),
            Seconds(point.Waits.P95),
            Wording.Count(point.MaxWaiting.Mean),
        });

    public static string LayoutTitle(string label, LayoutEvaluation e) =>
        $"{label}: {e.Detectors} det. + {e.Turnstiles} turn.";

    private static string Seconds(Estimate estimate) => Wording.WithInterval(estimate, v => Wording.Number(v, "0") + " s");
}
