using System.Globalization;

namespace SchoolGate.Simulator.Planning;

/// <summary>Numbers the way a school director reads them.</summary>
internal static class Wording
{
    public static string Duration(double seconds)
    {
        if (seconds < 90)
        {
            return $"{Math.Round(seconds):0} s";
        }

        var minutes = seconds / 60;
        if (minutes >= 120)
        {
            // Long Poisson horizons and hourly buses: "5461 min" reads worse than "91 h".
            var hours = minutes / 60;
            return hours < 48 ? $"{Number(hours)} h" : $"{Number(hours / 24)} days";
        }

        return minutes < 10
            ? $"{minutes.ToString("0.#", CultureInfo.InvariantCulture)} min"
            : $"{Math.Round(minutes):0} min";
    }

    public static string Count(double value) => Math.Round(value).ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.#") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string WithInterval(Estimate estimate, Func<double, string> format) =>
        estimate.HalfWidth > 0 ? $"{format(estimate.Mean)} (±{format(estimate.HalfWidth)})" : format(estimate.Mean);

    public static string Lanes(int count, string singular, string plural) =>
        count == 1 ? $"1 {singular}" : $"{count} {plural}";

    public static string Layout(int detectors, int turnstiles) => detectors == 0
        ? Lanes(turnstiles, "turnstile", "turnstiles")
        : $"{Lanes(detectors, "metal detector", "metal detectors")} and {Lanes(turnstiles, "turnstile", "turnstiles")}";
}
