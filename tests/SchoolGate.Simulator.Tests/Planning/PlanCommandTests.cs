using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class PlanCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ScenarioWithATypoExitsWithBadInputNamingTheField()
    {
        var file = _temp.Write("typo.yaml", "students: 100\nentrance:\n  turnstyles:\n    lanes: 2\n");

        var run = CliRun.Plan(file, "--no-search");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("entrance.turnstyles: unknown field 'turnstyles' at line 3 (did you mean 'turnstiles'?)", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    [Theory]
    [InlineData("entrance:\n  detectors:\n    lanes: -2\n", "entrance.detectors.lanes: must be >= 0, got -2")]
    [InlineData("entrance:\n  detectors:\n    alarmRate: 1.5\n", "entrance.detectors.alarmRate: must be between 0 and 1")]
    public void ImpossibleValuesExitWithBadInput(string yaml, string expected)
    {
        var run = CliRun.Plan(_temp.Write("bad.yaml", yaml), "--no-search");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData("--detectors", "-1", "--detectors: must be >= 0, got -1")]
    [InlineData("--alarm-rate", "1.5", "--alarm-rate: must be between 0 and 1")]
    [InlineData("--lesson-start", "8am", "--lesson-start: expected a local time like 08:00, got '8am'")]
    [InlineData("--queue", "single", "single")]
    [InlineData("--target-p95", "Infinity", "--target-p95: must be a finite number of seconds > 0, got Infinity")]
    [InlineData("--target-p95", "1e400", "--target-p95: must be a finite number of seconds > 0")]
    public void BadOptionsExitWithBadInput(string option, string value, string expected)
    {
        var run = CliRun.Plan(option, value, "--no-search");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void AP95TargetOfZeroOrLessIsBadInputInAFileAsOnTheCommandLine(string target)
    {
        var fromFile = CliRun.Plan(_temp.Write("target.yaml", $"target:\n  p95WaitSeconds: {target}\n"), "--no-search");
        var fromOption = CliRun.Plan("--target-p95", target, "--no-search");

        Assert.Equal(ExitCodes.BadInput, fromFile.ExitCode);
        Assert.Equal(ExitCodes.BadInput, fromOption.ExitCode);
        Assert.Contains($"target.p95WaitSeconds: must be a finite number of seconds > 0, got {target} (line 2)", fromFile.Error);
        Assert.Contains($"--target-p95: must be a finite number of seconds > 0, got {target}", fromOption.Error);
    }

    [Fact]
    public void MisspelledOptionIsBadInput()
    {
        var run = CliRun.Plan(CliRun.Scenario("governor.yaml"), "--detectorz", "2");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Unrecognized command or argument '--detectorz'", run.Error);
    }

    [Fact]
    public void MultiDocumentScenarioExitsWithBadInputNamingTheSecondDocument()
    {
        var file = _temp.Write("two.yaml", "students: 100\n---\nstudents: 100000\n");

        var run = CliRun.Plan(file, "--no-search");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("a second YAML document starts at line 2", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public void MissingScenarioFileIsBadInput()
    {
        var run = CliRun.Plan(_temp.File("absent.yaml"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("cannot read the scenario file", run.Error);
    }

    [Fact]
    public void OverridesThatContradictTheScenarioAreBadInput()
    {
        var run = CliRun.Plan("--detectors", "1", "--alarm-rate", "0.1", "--staff", "0", "--no-search");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("entrance.detectors.staff", run.Error);
    }

    [Fact]
    public void OptionsThatMakeTheRunTooBigAreBadInputBeforeAnythingRuns()
    {
        var run = CliRun.Plan("--students", "1000000", "--replications", "1000");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("students:", run.Error);
    }

    [Fact]
    public void UnwritableReportIsAFailureNotBadInput()
    {
        var blocker = _temp.Write("not-a-folder", "");

        var run = CliRun.Plan("--students", "50", "--no-search", "--report", Path.Combine(blocker, "report.html"));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("cannot write output", run.Error);
    }

    [Fact]
    public void HelpShowsAnExampleForEveryOption()
    {
        var run = CliRun.Plan("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--students", "--lesson-start", "--detectors", "--turnstiles", "--queue", "--alarm-rate", "--staff",
                     "--target-p95", "--max-lanes", "--replications", "--seed", "--no-search", "--report", "--json" })
        {
            Assert.Contains($"Example: {option}", run.Output);
        }
    }

    [Fact]
    public void JsonToStandardOutputIsMachineReadableAndReproducible()
    {
        string[] args = ["--students", "200", "--detectors", "1", "--turnstiles", "1", "--replications", "3", "--seed", "5", "--no-search", "--json", "-"];

        var first = CliRun.Plan(args);
        var second = CliRun.Plan(args);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        using var json = JsonDocument.Parse(first.Output);
        var plan = json.RootElement.GetProperty("asPlanned");
        Assert.Equal(200, plan.GetProperty("children").GetDouble());
        Assert.True(plan.GetProperty("everyChildPassedOnce").GetBoolean());
        Assert.False(json.RootElement.TryGetProperty("recommendation", out _));
    }

    [Fact]
    public void JsonP95AgreesWithTheConsoleAndWithTheOtherFiguresOfThePlan()
    {
        string[] morning = ["--students", "200", "--detectors", "1", "--turnstiles", "1", "--replications", "3", "--seed", "5", "--no-search"];

        var console = CliRun.Plan(morning);
        using var json = JsonDocument.Parse(CliRun.Plan([.. morning, "--json", "-"]).Output);

        var plan = json.RootElement.GetProperty("asPlanned");
        var waits = plan.GetProperty("waitSeconds");
        var p95 = waits.GetProperty("p95");
        // The console's table is written from the simulation, not from the JSON: the same figure in whole seconds.
        var shown = Regex.Match(console.Output, @"p95 wait\W+(\d+) s");
        Assert.True(shown.Success, console.Output);
        Assert.Equal(double.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture), Mean(waits, "p95"), tolerance: 0.5);

        var percentiles = new[] { "p50", "p90", "p95", "p99", "max" }.Select(name => Mean(waits, name)).ToArray();
        Assert.Equal(percentiles.Order(), percentiles);
        Assert.InRange(Mean(waits, "p95"), p95.GetProperty("low").GetDouble(), p95.GetProperty("high").GetDouble());

        // A child's wait in all queues together is never shorter than its wait at one of them, so the
        // p95 is at least that of every stage all children pass (one detector for 200: some queue).
        var children = plan.GetProperty("children").GetDouble();
        var stageP95s = plan.GetProperty("stages").EnumerateArray()
            .Where(stage => Mean(stage, "passed") == children)
            .Select(stage => Mean(stage.GetProperty("waitSeconds"), "p95"))
            .ToArray();
        Assert.NotEmpty(stageP95s);
        Assert.True(stageP95s.Max() > 0, $"stage p95s: {string.Join(", ", stageP95s)}");
        Assert.True(Mean(waits, "p95") >= stageP95s.Max(), $"p95 {Mean(waits, "p95")} s below a stage's {stageP95s.Max()} s");
    }

    private static double Mean(JsonElement statistics, string name) => statistics.GetProperty(name).GetProperty("mean").GetDouble();

    [Fact]
    public void OptionsOverrideTheScenarioFile()
    {
        var run = CliRun.Plan(CliRun.Scenario("governor.yaml"), "--detectors", "3", "--turnstiles", "4", "--replications", "2", "--no-search", "--json", "-");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(3, json.RootElement.GetProperty("asPlanned").GetProperty("detectors").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("asPlanned").GetProperty("turnstiles").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("scenario").GetProperty("replications").GetInt32());
    }
}
