namespace SchoolGate.Simulator.Planning;

/// <summary>Mean over replications with the half-width of its 95% confidence interval (Student t).</summary>
public readonly record struct Estimate(double Mean, double HalfWidth)
{
    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    // Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
    private static readonly double[] TQuantiles =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static Estimate From(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (n == 0)
        {
            return default;
        }

        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= n;
        if (n == 1)
        {
            return new Estimate(mean, 0);
        }

        var sumSquares = 0.0;
        foreach (var v in values)
        {
            sumSquares += (v - mean) * (v - mean);
        }

        var standardError = Math.Sqrt(sumSquares / (n - 1) / n);
        var t = n - 1 <= TQuantiles.Length ? TQuantiles[n - 2] : 1.96;
        return new Estimate(mean, t * standardError);
    }

    public static Estimate Of<T>(IReadOnlyList<T> items, Func<T, double> selector)
    {
        var values = new double[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = selector(items[i]);
        }

        return From(values);
    }
}
