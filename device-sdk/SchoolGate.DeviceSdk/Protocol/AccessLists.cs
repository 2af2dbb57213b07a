namespace SchoolGate.DeviceSdk.Protocol;

/// <summary>Helpers for writing <see cref="AccessList"/> payloads the way the protocol requires.</summary>
public static class AccessLists
{
    /// <summary>
    /// Sorted ordinally, without duplicates: the firmware keeps the list sorted for binary search,
    /// and a canonical order makes two lists with the same cards byte-identical.
    /// </summary>
    public static string[] Normalize(IEnumerable<string> cardIds)
    {
        var sorted = new SortedSet<string>(cardIds, StringComparer.Ordinal);
        return [.. sorted];
    }

    /// <summary>A version that is newer than <paramref name="previous"/> and, when the clock allows,
    /// the current unix-ms time: a gateway whose store was reset still outranks lists it published
    /// before, as long as its clock moves forward.</summary>
    public static long NextVersion(long previous, long nowMs) => Math.Max(previous + 1, nowMs);
}
