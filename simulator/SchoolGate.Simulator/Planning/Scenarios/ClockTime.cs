using System.Globalization;

namespace SchoolGate.Simulator.Planning;

/// <summary>Local wall-clock times ("07:45", "08:00:30") as seconds after local midnight.</summary>
public static class ClockTime
{
    private static readonly string[] Formats = [@"h\:mm", @"hh\:mm", @"h\:mm\:ss", @"hh\:mm\:ss"];

    public static bool TryParse(string text, out double seconds)
    {
        if (TimeSpan.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture, out var time)
            && time >= TimeSpan.Zero && time < TimeSpan.FromDays(1))
        {
            seconds = time.TotalSeconds;
            return true;
        }

        seconds = 0;
        return false;
    }

    /// <summary>
    /// "07:45" on the school day; times outside it (a normal spread before lessons at 00:30, a long
    /// Poisson horizon, a late bus) say which day instead of wrapping round to a wrong hour.
    /// </summary>
    public static string Format(double secondsAfterMidnight)
    {
        var total = (long)Math.Round(secondsAfterMidnight);
        var day = (long)Math.Floor(total / 86400.0);
        var wrapped = total - day * 86400;
        var time = TimeSpan.FromSeconds(wrapped).ToString(wrapped % 60 == 0 ? @"hh\:mm" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return day switch
        {
            0 => time,
            -1 => $"{time} (the day before)",
            1 => $"{time} (the next day)",
            < 0 => $"{time} ({-day} days before)",
            _ => $"{time} ({day} days later)",
        };
    }
}
