using System.Globalization;

namespace SchoolGate.Gateway.Schedule;

/// <summary>
/// One shift of a school in minutes after local midnight. Entry is open from
/// <see cref="EntryOpensAt"/> until the shift ends: a child who is late still gets in (and is
/// counted late by attendance), a child of the afternoon shift does not wander in at 07:30.
/// </summary>
public sealed record ShiftTimes(int Shift, int StartsAt, int EndsAt, int EntryOpensBeforeMinutes)
{
    /// <summary>When a school configured none: one shift, 08:00-13:30, entry from 07:00.</summary>
    public static IReadOnlyList<ShiftTimes> Defaults { get; } = [new(1, 8 * 60, 13 * 60 + 30, 60)];

    public int EntryOpensAt => Math.Max(0, StartsAt - EntryOpensBeforeMinutes);

    public bool EntryOpenAt(int minuteOfDay) => minuteOfDay >= EntryOpensAt && minuteOfDay < EndsAt;

    public static string Format(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>"HH:mm" (00:00-23:59) -> minutes after midnight.</summary>
    public static bool TryParse(string? text, out int minutes)
    {
        minutes = 0;
        if (text is null || !TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return false;
        }

        minutes = time.Hour * 60 + time.Minute;
        return true;
    }
}
