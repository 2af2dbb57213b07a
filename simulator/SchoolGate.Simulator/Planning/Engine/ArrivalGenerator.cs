namespace SchoolGate.Simulator.Planning;

/// <summary>Arrival instants (seconds after midnight, sorted) for one replication.</summary>
internal sealed record ArrivalSchedule(double[] Times, double MeasureFrom);

internal static class ArrivalGenerator
{
    public static ArrivalSchedule Generate(Scenario scenario, Random rng)
    {
        var profile = scenario.Arrivals;
        if (profile.Kind == ArrivalKind.Poisson)
        {
            return Poisson(profile, rng);
        }

        var walkers = scenario.Students - profile.BusChildren;
        var histogramTotal = profile.Kind == ArrivalKind.Histogram ? TotalWeight(profile.Bins) : 0;
        var times = new double[scenario.Students];
        var index = 0;
        for (var i = 0; i < walkers; i++)
        {
            times[index++] = profile.Kind switch
            {
                ArrivalKind.Normal => profile.Mean + profile.StandardDeviation * Distribution.StandardNormal(rng),
                ArrivalKind.Uniform => profile.From + (profile.To - profile.From) * rng.NextDouble(),
                ArrivalKind.Histogram => FromHistogram(profile.Bins, histogramTotal, rng),
                _ => profile.At,
            };
        }

        foreach (var bus in profile.Buses)
        {
            for (var i = 0; i < bus.Children; i++)
            {
                times[index++] = bus.At + i * bus.SpacingSeconds;
            }
        }

        Array.Sort(times);
        return new ArrivalSchedule(times, double.NegativeInfinity);
    }

    private static ArrivalSchedule Poisson(ArrivalProfile profile, Random rng)
    {
        var times = new List<double>((int)(profile.RatePerSecond * profile.HorizonSeconds * 1.1) + 16);
        var end = profile.From + profile.HorizonSeconds;
        var t = profile.From;
        while (true)
        {
            t += -Math.Log(1.0 - rng.NextDouble()) / profile.RatePerSecond;
            if (t >= end)
            {
                break;
            }

            times.Add(t);
        }

        return new ArrivalSchedule([.. times], profile.From + profile.WarmupSeconds);
    }

    private static double TotalWeight(IReadOnlyList<HistogramBin> bins)
    {
        var total = 0.0;
        foreach (var bin in bins)
        {
            total += bin.Weight;
        }

        return total;
    }

    private static double FromHistogram(IReadOnlyList<HistogramBin> bins, double total, Random rng)
    {
        var pick = rng.NextDouble() * total;
        foreach (var bin in bins)
        {
            if (pick < bin.Weight)
            {
                return bin.From + (bin.To - bin.From) * rng.NextDouble();
            }

            pick -= bin.Weight;
        }

        var last = bins[^1];
        return last.To;
    }
}
