namespace SchoolGate.Gateway.Schedule;

/// <summary>
/// The days a school teaches, stored as a bit mask (bit n = <see cref="DayOfWeek"/> n) and
/// spoken in the API as lower-case English day names ("monday"), the same in every language.
/// </summary>
public static class SchoolWeek
{
    /// <summary>Monday to Friday; schools that teach on Saturday add it.</summary>
    public const int Default = (1 << (int)DayOfWeek.Monday) | (1 << (int)DayOfWeek.Tuesday) | (1 << (int)DayOfWeek.Wednesday)
        | (1 << (int)DayOfWeek.Thursday) | (1 << (int)DayOfWeek.Friday);

    public static bool Includes(int mask, DayOfWeek day) => (mask & (1 << (int)day)) != 0;

    public static string Name(DayOfWeek day) => day.ToString().ToLowerInvariant();

    public static string[] Names(int mask) =>
    [.. Ordered.Where(d => Includes(mask, d)).Select(Name)];

    /// <summary>Null when a name is not a day; an empty list is a valid (closed) week.</summary>
    public static int? Parse(IEnumerable<string> names)
    {
        var mask = 0;
        foreach (var name in names)
        {
            var day = Ordered.Where(d => Name(d) == name).Cast<DayOfWeek?>().FirstOrDefault();
            if (day is null)
            {
                return null;
            }

            mask |= 1 << (int)day.Value;
        }

        return mask;
    }

    private static readonly DayOfWeek[] Ordered =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday,
        DayOfWeek.Sunday,
    ];
}
