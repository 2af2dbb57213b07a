using System.Text.Json;
using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class QueueSeriesTests
{
    private const double Eight = 8 * 3600;

    // 300 children at the gate at once, one turnstile at a fixed 2 s: the line peaks at 299 one
    // second after they arrive. A late bus (one child an hour) stretches the morning or not.
    private static Scenario Rush(int lateBusChildren) => new()
    {
        Students = 300 + lateBusChildren,
        Arrivals = new ArrivalProfile
        {
            Kind = ArrivalKind.AllAtOnce,
            At = Eight - 1800,
            Buses = lateBusChildren == 0 ? [] : [new BusArrival(Eight, lateBusChildren, 3600)],
        },
        Entrance = new Entrance
        {
            Detectors = new DetectorStage { Lanes = 0 },
            Turnstiles = new TurnstileStage { Lanes = 1, CardRead = Distribution.Fixed(1), Rotation = Distribution.Fixed(1) },
        },
        Simulation = new SimulationSettings { Replications = 2, Seed = 3, SampleIntervalSeconds = 1 },
    };

    [Fact]
    public void AQueueSeriesNeverHoldsMoreThanTheMaximumNumberOfPoints()
    {
        // A child an hour for 2,000 hours, sampled every second, is 7.2 million samples per stage.
        var run = EntranceSimulation.Run(Rush(lateBusChildren: 2000), 0);

        Assert.All(run.Series.Waiting, stage => Assert.InRange(stage.Length, 1, QueueSampler.MaxPoints));
        Assert.True(run.Series.Interval > 1, $"the interval stayed at {run.Series.Interval} s");
        Assert.Equal(0, run.Series.Origin % run.Series.Interval);
    }

    [Fact]
    public void ASeriesThatFitsKeepsTheRequestedInterval()
    {
        var run = EntranceSimulation.Run(Rush(lateBusChildren: 0), 0);

        Assert.Equal(1, run.Series.Interval);
        Assert.Equal(299, run.Series.Waiting[0].Max());
    }

    [Fact]
    public void CoarseningKeepsTheQueuePeakOfEachBucket()
    {
        var fine = EntranceSimulation.Run(Rush(lateBusChildren: 0), 0);
        var coarse = EntranceSimulation.Run(Rush(lateBusChildren: 2000), 0);

        Assert.True(coarse.Series.Interval > 1);
        Assert.Equal(fine.Series.Waiting[0].Max(), coarse.Series.Waiting[0].Max());
    }

    [Fact]
    public void TheMeanQueueOverReplicationsIsBoundedToo()
    {
        var evaluation = LayoutEvaluation.Run(Rush(lateBusChildren: 2000));

        Assert.InRange(evaluation.MeanQueue.Waiting[0].Length, 1, QueueSampler.MaxPoints);
        Assert.Equal(299, evaluation.MeanQueue.Waiting[0].Max());
    }

    [Fact]
    public void JsonSaysWhichSampleIntervalWasUsedAndWhichWasAsked()
    {
        using var temp = new TempFolder();
        var file = temp.Write("long-bus.yaml", """
            students: 2000
            arrivals:
              profile: allAtOnce
              at: "07:00"
              buses: [ { at: "07:00", children: 1500, spacingSeconds: 3600 } ]
            entrance: { detectors: { lanes: 0 }, turnstiles: { lanes: 1 } }
            simulation: { replications: 1, sampleIntervalSeconds: 1 }
            """);

        var run = CliRun.Plan(file, "--no-search", "--json", "-");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var series = json.RootElement.GetProperty("asPlanned").GetProperty("queueOverTime");
        Assert.Equal(1, series.GetProperty("requestedIntervalSeconds").GetDouble());
        Assert.True(series.GetProperty("intervalSeconds").GetDouble() > 1);
        Assert.InRange(series.GetProperty("waiting")[0].GetProperty("mean").GetArrayLength(), 1, QueueSampler.MaxPoints);
    }

    [Fact]
    public void TheReportSaysTheQueueChartIsCoarserThanAsked()
    {
        var html = HtmlReport.Render(PlanResult.Compute(Rush(lateBusChildren: 2000), search: false));

        Assert.Contains("the largest of the 1 s samples in each", html);
    }

    [Fact]
    public void TheReportNamesTheSampleIntervalWhenNothingWasCoarsened()
    {
        var html = HtmlReport.Render(PlanResult.Compute(Rush(lateBusChildren: 0), search: false));

        Assert.Contains("Queue lengths are sampled every 1 s.", html);
    }
}
