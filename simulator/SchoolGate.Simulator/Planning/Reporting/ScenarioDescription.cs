namespace SchoolGate.Simulator.Planning;

/// <summary>The scenario's assumptions in sentences, so a reader can challenge each one.</summary>
internal static class ScenarioDescription
{
    public static IEnumerable<string> Lines(Scenario scenario)
    {
        var arrivals = scenario.Arrivals;
        yield return arrivals.Kind switch
        {
            ArrivalKind.Normal => $"{scenario.Students - arrivals.BusChildren} children arrive around {ClockTime.Format(arrivals.Mean)} "
                + $"(normal spread, standard deviation {Wording.Duration(arrivals.StandardDeviation)}).",
            ArrivalKind.Uniform => $"{scenario.Students - arrivals.BusChildren} children arrive evenly between "
                + $"{ClockTime.Format(arrivals.From)} and {ClockTime.Format(arrivals.To)}.",
            ArrivalKind.Histogram => $"{scenario.Students - arrivals.BusChildren} children arrive following a measured histogram of "
                + $"{arrivals.Bins.Count} time bins from {ClockTime.Format(arrivals.Bins.Min(b => b.From))} to {ClockTime.Format(arrivals.Bins.Max(b => b.To))}.",
            ArrivalKind.AllAtOnce => $"All {scenario.Students - arrivals.BusChildren} children arrive at the same moment, {ClockTime.Format(arrivals.At)}.",
            _ => $"A steady stream of {Wording.Number(arrivals.RatePerSecond * 60)} children per minute for {Wording.Duration(arrivals.HorizonSeconds)}; "
                + $"the first {Wording.Duration(arrivals.WarmupSeconds)} are not counted.",
        };
        foreach (var bus in arrivals.Buses)
        {
            yield return $"A bus unloads {bus.Children} children at {ClockTime.Format(bus.At)}, one every {Wording.Number(bus.SpacingSeconds)} s.";
        }

        var detectors = scenario.Entrance.Detectors;
        if (detectors.Lanes > 0)
        {
            yield return $"Metal detectors ({Queue(detectors.Queue)}): walking through takes {detectors.WalkThrough.Describe()} "
                + $"(about {Wording.Number(60 / Math.Max(detectors.WalkThrough.Mean, 1e-9), "0")} children/min per lane).";
            yield return $"{Wording.Percent(detectors.AlarmRate)} of children set off the alarm and step aside for a hand-wand check "
                + $"by {Wording.Lanes(detectors.Staff, "staff member", "staff members")}, taking {detectors.Screening.Describe()}; the detector lane is free meanwhile.";
        }
        else
        {
            yield return "No metal detectors: children go straight to the turnstiles.";
        }

        var turnstiles = scenario.Entrance.Turnstiles;
        var turnstileMean = turnstiles.CardRead.Mean + turnstiles.Rotation.Mean;
        yield return $"Turnstiles ({Queue(turnstiles.Queue)}): card read and access decision {turnstiles.CardRead.Describe()}, "
            + $"rotation {turnstiles.Rotation.Describe()} (about {Wording.Number(60 / Math.Max(turnstileMean, 1e-9), "0")} children/min per lane).";
        yield return $"A child is late because of the queue when they arrived early enough to pass before {ClockTime.Format(scenario.LessonStart)} "
            + "with empty lanes, but passed the turnstile after it.";
        yield return "Walking between the detector and the turnstile takes no time and there is room for any queue; "
            + "children are served first come, first served.";
    }

    private static string Queue(QueueDiscipline queue) =>
        queue == QueueDiscipline.Shared ? "one shared line" : "a line per lane, children join the shortest";
}
