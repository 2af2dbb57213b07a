namespace SchoolGate.Simulator.Planning;

public enum ArrivalKind
{
    /// <summary>Arrivals spread around a mean clock time (normal distribution).</summary>
    Normal,

    /// <summary>Arrivals spread evenly over a window ("everyone within 10 minutes").</summary>
    Uniform,

    /// <summary>An empirical histogram of arrival counts per time bin.</summary>
    Histogram,

    /// <summary>Everyone at the same instant: the worst case the governor asked about.</summary>
    AllAtOnce,

    /// <summary>Steady Poisson stream at a fixed rate with a warm-up; used to check queueing theory.</summary>
    Poisson,
}

/// <summary>A bin of an empirical arrival histogram; times are seconds after midnight.</summary>
public sealed record HistogramBin(double From, double To, double Weight);

/// <summary>A bus that unloads <paramref name="Children"/> at <paramref name="At"/>, one every <paramref name="SpacingSeconds"/>.</summary>
public sealed record BusArrival(double At, int Children, double SpacingSeconds);

/// <summary>When children reach the entrance. Clock times are seconds after local midnight.</summary>
public sealed record ArrivalProfile
{
    public ArrivalKind Kind { get; init; } = ArrivalKind.Normal;

    public double Mean { get; init; }

    public double StandardDeviation { get; init; }

    public double From { get; init; }

    public double To { get; init; }

    public double At { get; init; }

    public IReadOnlyList<HistogramBin> Bins { get; init; } = [];

    public double RatePerSecond { get; init; }

    public double HorizonSeconds { get; init; }

    public double WarmupSeconds { get; init; }

    /// <summary>Bus unloads on top of the profile; their children are part of the student count.</summary>
    public IReadOnlyList<BusArrival> Buses { get; init; } = [];

    public int BusChildren => Buses.Sum(b => b.Children);
}
