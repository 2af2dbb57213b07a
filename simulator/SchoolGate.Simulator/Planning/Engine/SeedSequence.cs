namespace SchoolGate.Simulator.Planning;

/// <summary>
/// Derives independent seeds for each replication and random stream from the user's --seed, so
/// replication 3 gets the same numbers whether 5 or 50 replications run, and every layout in the
/// search sees the same arrivals (common random numbers make layouts comparable).
/// </summary>
internal static class SeedSequence
{
    public const int ArrivalStream = 1;
    public const int ServiceStream = 2;

    public static int For(int seed, int replication, int stream)
    {
        var state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)replication * 0xBF58476D1CE4E5B9UL ^ (ulong)stream;
        return (int)(SplitMix64(ref state) >> 33);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
