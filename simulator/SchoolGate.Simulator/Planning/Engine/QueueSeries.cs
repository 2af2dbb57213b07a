namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Queue lengths on a fixed grid; <see cref="Origin"/> is a multiple of <see cref="Interval"/>. When
/// the interval is coarser than the one asked for, each value is the largest sample in its bucket.
/// </summary>
public sealed record QueueSeries(double Origin, double Interval, float[][] Waiting)
{
    public double End => Origin + Length * Interval;

    public int Length => Waiting.Length == 0 ? 0 : Waiting[0].Length;

    /// <summary>
    /// The same series on a grid of <paramref name="interval"/> (a power-of-two multiple of this one),
    /// each bucket keeping its largest value, re-based to start at <paramref name="origin"/>.
    /// </summary>
    public float[][] Regrid(double origin, double interval, int length)
    {
        var result = new float[Waiting.Length][];
        var factor = (long)Math.Round(interval / Interval);
        var first = (long)Math.Round(Origin / Interval);
        var target = (long)Math.Round(origin / interval);
        for (var p = 0; p < Waiting.Length; p++)
        {
            result[p] = new float[length];
            for (var i = 0; i < Waiting[p].Length; i++)
            {
                var bucket = (int)(FloorDiv(first + i, factor) - target);
                result[p][bucket] = Math.Max(result[p][bucket], Waiting[p][i]);
            }
        }

        return result;
    }

    /// <summary>Division rounding toward minus infinity: grid indices before midnight are negative.</summary>
    internal static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
    }
}
