using System.Globalization;

namespace SchoolGate.Simulator.Planning;

public enum DistributionKind
{
    Fixed,
    Exponential,
    Normal,
    Samples,
}

/// <summary>A service-time distribution in seconds.</summary>
public sealed record Distribution
{
    private Distribution(DistributionKind kind, double mean, double standardDeviation, double[] samples)
    {
        Kind = kind;
        Mean = mean;
        StandardDeviation = standardDeviation;
        Samples = samples;
    }

    public DistributionKind Kind { get; }

    public double Mean { get; }

    public double StandardDeviation { get; }

    /// <summary>Measured durations for <see cref="DistributionKind.Samples"/>; drawn with replacement.</summary>
    public IReadOnlyList<double> Samples { get; }

    public static Distribution Fixed(double seconds) => new(DistributionKind.Fixed, seconds, 0, []);

    public static Distribution Exponential(double mean) => new(DistributionKind.Exponential, mean, mean, []);

    public static Distribution Normal(double mean, double standardDeviation) =>
        new(DistributionKind.Normal, mean, standardDeviation, []);

    public static Distribution Empirical(double[] samples)
    {
        var mean = samples.Average();
        var variance = samples.Sum(s => (s - mean) * (s - mean)) / samples.Length;
        return new(DistributionKind.Samples, mean, Math.Sqrt(variance), samples);
    }

    /// <summary>E[S²], the term Pollaczek–Khinchine needs.</summary>
    public double SecondMoment => StandardDeviation * StandardDeviation + Mean * Mean;

    public double Sample(Random rng)
    {
        switch (Kind)
        {
            case DistributionKind.Fixed:
                return Mean;
            case DistributionKind.Exponential:
                // 1 - NextDouble() is in (0, 1], so the logarithm is finite.
                return -Mean * Math.Log(1.0 - rng.NextDouble());
            case DistributionKind.Normal:
                // A duration cannot be negative: redraw instead of clamping so no mass piles up at zero.
                for (var attempt = 0; attempt < 16; attempt++)
                {
                    var value = Mean + StandardDeviation * StandardNormal(rng);
                    if (value >= 0)
                    {
                        return value;
                    }
                }

                return 0;
            default:
                return Samples[rng.Next(Samples.Count)];
        }
    }

    public string Describe() => Kind switch
    {
        DistributionKind.Fixed => $"fixed {Format(Mean)} s",
        DistributionKind.Exponential => $"exponential, mean {Format(Mean)} s",
        DistributionKind.Normal => $"normal, mean {Format(Mean)} s, sd {Format(StandardDeviation)} s",
        _ => $"{Samples.Count} measured samples, mean {Format(Mean)} s",
    };

    public bool Equals(Distribution? other) =>
        other is not null && Kind == other.Kind && Mean.Equals(other.Mean)
        && StandardDeviation.Equals(other.StandardDeviation) && Samples.SequenceEqual(other.Samples);

    public override int GetHashCode() => HashCode.Combine(Kind, Mean, StandardDeviation, Samples.Count);

    internal static double StandardNormal(Random rng)
    {
        // Box–Muller; one of the pair is discarded to keep the generator stateless.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
