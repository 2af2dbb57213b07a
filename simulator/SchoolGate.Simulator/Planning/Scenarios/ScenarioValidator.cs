namespace SchoolGate.Simulator.Planning;

/// <summary>Checks that need more than one field; runs after loading and after command-line overrides.</summary>
public static class ScenarioValidator
{
    // Children simulated per layout (one morning's arrivals times the replications). The search runs
    // 64 layouts, so this keeps a typo (a million students, a thousand replications) from running for
    // days or exhausting memory: 200,000 students x 10 take about 30 s and 0.9 GB on 2 cores, while
    // 1,000,000 x 10 took 12.5 GB. The governor's case is 10,000.
    private const double MaxChildrenPerLayout = 2_000_000;

    public static IReadOnlyList<ScenarioError> Check(Scenario scenario)
    {
        var errors = new List<ScenarioError>();
        var arrivals = scenario.Arrivals;
        if (arrivals.Kind != ArrivalKind.Poisson && arrivals.BusChildren > scenario.Students)
        {
            errors.Add(new ScenarioError(
                "arrivals.buses",
                $"buses bring {arrivals.BusChildren} children but the school has only {scenario.Students} students"));
        }

        if (arrivals.Kind == ArrivalKind.Uniform && arrivals.To <= arrivals.From)
        {
            errors.Add(new ScenarioError(
                "arrivals.to",
                $"must be later than arrivals.from ({ClockTime.Format(arrivals.From)}), got {ClockTime.Format(arrivals.To)}"));
        }

        if (arrivals.Kind == ArrivalKind.Histogram && arrivals.Bins.Sum(b => b.Weight) <= 0)
        {
            errors.Add(new ScenarioError("arrivals.bins", "the bins hold no children; at least one needs children > 0"));
        }

        if (arrivals.Kind == ArrivalKind.Poisson && arrivals.WarmupSeconds >= arrivals.HorizonSeconds)
        {
            errors.Add(new ScenarioError("arrivals.warmupMinutes", "must be shorter than horizonMinutes"));
        }

        var replications = scenario.Simulation.Replications;
        if (arrivals.Kind == ArrivalKind.Poisson)
        {
            var children = arrivals.RatePerSecond * arrivals.HorizonSeconds * replications;
            if (children > MaxChildrenPerLayout)
            {
                errors.Add(new ScenarioError(
                    "arrivals.ratePerMinute",
                    $"ratePerMinute x horizonMinutes x simulation.replications is {children:N0} children to simulate per layout; "
                    + $"it must stay under {MaxChildrenPerLayout:N0}"));
            }
        }
        else if ((double)scenario.Students * replications > MaxChildrenPerLayout)
        {
            errors.Add(new ScenarioError(
                "students",
                $"{scenario.Students:N0} students x {replications} replications is {(double)scenario.Students * replications:N0} children "
                + $"to simulate per layout; it must stay under {MaxChildrenPerLayout:N0} (use fewer replications)"));
        }

        var detectors = scenario.Entrance.Detectors;
        if (detectors.Lanes > 0 && detectors.AlarmRate > 0 && detectors.Staff < 1)
        {
            errors.Add(new ScenarioError(
                "entrance.detectors.staff",
                $"must be >= 1 when alarmRate is above 0 (alarmed children need someone to screen them), got {detectors.Staff}"));
        }

        if (scenario.Target.MaxTurnstiles < 1 || (detectors.Lanes > 0 && scenario.Target.MaxDetectors < 1))
        {
            errors.Add(new ScenarioError("target", "maxDetectors and maxTurnstiles must be >= 1"));
        }

        return errors;
    }
}
