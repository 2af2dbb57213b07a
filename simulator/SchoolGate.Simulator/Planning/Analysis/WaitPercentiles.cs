namespace SchoolGate.Simulator.Planning;

/// <summary>Wait percentiles in seconds, each averaged over replications with a 95% CI.</summary>
public sealed record WaitPercentiles(Estimate Mean, Estimate P50, Estimate P90, Estimate P95, Estimate P99, Estimate Max)
{
    public static WaitPercentiles From(IReadOnlyList<float[]> waitsPerReplication)
    {
        var sorted = waitsPerReplication.Select(Percentiles.Sorted).ToArray();
        return new WaitPercentiles(
            Estimate.Of(sorted, w => w.Length == 0 ? 0 : w.Average(x => (double)x)),
            Estimate.Of(sorted, w => Percentiles.Of(w, 50)),
            Estimate.Of(sorted, w => Percentiles.Of(w, 90)),
            Estimate.Of(sorted, w => Percentiles.Of(w, 95)),
            Estimate.Of(sorted, w => Percentiles.Of(w, 99)),
            Estimate.Of(sorted, w => w.Length == 0 ? 0 : w[^1]));
    }
}
