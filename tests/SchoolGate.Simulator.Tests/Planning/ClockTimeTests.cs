using System.Text.Json;
using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class ClockTimeTests
{
    private const double Day = 86400;

    [Theory]
    [InlineData(8 * 3600, "08:00")]
    [InlineData(8 * 3600 + 29, "08:00:29")]
    [InlineData(0, "00:00")]
    [InlineData(Day - 1, "23:59:59")]
    public void TimesOfTheSchoolDayReadAsBefore(double seconds, string expected) =>
        Assert.Equal(expected, ClockTime.Format(seconds));

    [Theory]
    [InlineData(-120, "23:58 (the day before)")]
    [InlineData(-Day, "00:00 (the day before)")]
    [InlineData(-Day - 60, "23:59 (2 days before)")]
    [InlineData(Day + 600, "00:10 (the next day)")]
    [InlineData(3 * Day + 7 * 3600 + 5, "07:00:05 (3 days later)")]
    public void TimesOutsideTheSchoolDaySayWhichDay(double seconds, string expected) =>
        Assert.Equal(expected, ClockTime.Format(seconds));

    [Fact]
    public void ChildrenWhoArriveBeforeMidnightAreShownOnTheDayBefore()
    {
        // Lessons at 00:30 with a normal spread of 10 minutes around 00:10: some children come before midnight.
        using var temp = new TempFolder();
        var file = temp.Write("midnight.yaml", """
            students: 300
            lessonStart: "00:30"
            arrivals: { profile: normal, mean: "00:10", sdMinutes: 10 }
            simulation: { replications: 2 }
            """);

        var midnight = CliRun.Plan(file, "--no-search", "--json", "-");

        Assert.Equal(ExitCodes.Success, midnight.ExitCode);
        using var json = JsonDocument.Parse(midnight.Output);
        var start = json.RootElement.GetProperty("asPlanned").GetProperty("queueOverTime").GetProperty("start").GetString();
        Assert.EndsWith(" (the day before)", start);
        Assert.StartsWith("23:", start);
    }
}
