namespace SchoolGate.Simulator.Planning;

public static class Percentiles
{
    /// <summary>
    /// Percentile by linear interpolation between order statistics (Hyndman–Fan type 7, the
    /// default of R and NumPy), so results can be checked with either. <paramref name="sorted"/> must be ascending.
    /// </summary>
    public static double Of(ReadOnlySpan<float> sorted, double percentile)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = percentile / 100.0 * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    public static float[] Sorted(float[] values)
    {
        var copy = (float[])values.Clone();
        Array.Sort(copy);
        return copy;
    }
}
