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

    public static string Format(double secondsAfterMidnight)
    {
        var total = (long)Math.Round(secondsAfterMidnight);
        var wrapped = ((total % 86400) + 86400) % 86400;
        return TimeSpan.FromSeconds(wrapped).ToString(wrapped % 60 == 0 ? @"hh\:mm" : @"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
