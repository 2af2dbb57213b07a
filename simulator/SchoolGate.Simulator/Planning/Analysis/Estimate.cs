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
        return new Estimate(mean, TQuantile(n - 1) * standardError);
    }

    /// <summary>
    /// Two-sided 95% Student t quantile. Past the table, the Cornish–Fisher expansion around the
    /// normal quantile (Abramowitz &amp; Stegun 26.7.5) is exact to 1e-6 for 30+ degrees of freedom;
    /// plain 1.96 would make every interval of 31..1000 replications up to 4% too narrow.
    /// </summary>
    private static double TQuantile(int degreesOfFreedom)
    {
        if (degreesOfFreedom <= TQuantiles.Length)
        {
            return TQuantiles[degreesOfFreedom - 1];
        }

        const double z = 1.959963984540054;
        double v = degreesOfFreedom;
        var z3 = z * z * z;
        var z5 = z3 * z * z;
        var z7 = z5 * z * z;
        var z9 = z7 * z * z;
        return z
            + (z3 + z) / 4 / v
            + (5 * z5 + 16 * z3 + 3 * z) / 96 / (v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384 / (v * v * v)
            + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160 / (v * v * v * v);
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
