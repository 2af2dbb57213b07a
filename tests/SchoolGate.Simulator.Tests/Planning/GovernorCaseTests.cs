using System.Text.Json;

namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>
/// The governor's question run as a user would: 1,000 students within 10 minutes, two metal
/// detectors and two turnstiles (simulator/scenarios/governor.yaml).
/// </summary>
public sealed class GovernorCaseTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ShowsTheQueueTheWaitsTheLateChildrenAndRecommendsALayout()
    {
        var json = _temp.File("governor.json");
        var report = _temp.File("governor.html");

        var run = CliRun.Plan(CliRun.Scenario("governor.yaml"), "--json", json, "--report", report);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("children stand in line at the metal detectors", run.Output);
        Assert.Contains("late for the 08:00 lesson because of the queue", run.Output);
        Assert.Contains("p95 wait", run.Output);
        Assert.Contains("Recommended: ", run.Output);
        Assert.True(File.Exists(report));

        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var plan = document.RootElement.GetProperty("asPlanned");
        // Two detectors move about 40 children a minute; 1,000 arrive in 10 minutes, so most wait
        // many minutes and hundreds miss the bell.
        Assert.True(plan.GetProperty("waitSeconds").GetProperty("p95").GetProperty("mean").GetDouble() > 600);
        Assert.True(plan.GetProperty("lateBecauseOfQueue").GetProperty("mean").GetDouble() > 100);
        Assert.True(plan.GetProperty("everyChildPassedOnce").GetBoolean());
        var queue = plan.GetProperty("queueOverTime").GetProperty("waiting")[0].GetProperty("mean");
        Assert.True(queue.EnumerateArray().Max(v => v.GetDouble()) > 300);

        var recommendation = document.RootElement.GetProperty("recommendation");
        Assert.True(recommendation.GetProperty("found").GetBoolean());
        Assert.True(recommendation.GetProperty("detectors").GetInt32() > 2, "the detectors are the bottleneck");
        var best = recommendation.GetProperty("layout");
        Assert.True(best.GetProperty("waitSeconds").GetProperty("p95").GetProperty("high").GetDouble() <= 120);
    }
}
