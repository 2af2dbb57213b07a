using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class TandemConservationTests
{
    private static Scenario Tandem(QueueDiscipline queue, double alarmRate, int staff) => new()
    {
        Students = 600,
        Arrivals = new ArrivalProfile
        {
            Kind = ArrivalKind.Uniform,
            From = 7 * 3600 + 50 * 60,
            To = 8 * 3600,
            Buses = [new BusArrival(7 * 3600 + 55 * 60, 60, 1)],
        },
        Entrance = new Entrance
        {
            Detectors = new DetectorStage { Lanes = 2, Queue = queue, AlarmRate = alarmRate, Staff = staff },
            Turnstiles = new TurnstileStage { Lanes = 3, Queue = queue },
        },
        Simulation = new SimulationSettings { Replications = 3, Seed = 42 },
    };

    [Theory]
    [InlineData(QueueDiscipline.Shared)]
    [InlineData(QueueDiscipline.PerLane)]
    public void EveryArrivingChildPassesDetectorAndTurnstileExactlyOnce(QueueDiscipline queue)
    {
        var scenario = Tandem(queue, alarmRate: 0.1, staff: 2);

        for (var replication = 0; replication < 3; replication++)
        {
            var run = EntranceSimulation.Run(scenario, replication);

            Assert.Equal(600, run.Arrived);
            Assert.Equal(run.Arrived, run.Departed);
            Assert.Equal(run.Arrived, run.Completed[0]); // detectors
            Assert.Equal(run.Arrived, run.Completed[2]); // turnstiles
            Assert.Equal(run.Arrived, run.Lanes[0].Sum(l => l.Served));
            Assert.Equal(run.Arrived, run.Lanes[2].Sum(l => l.Served));
            Assert.Equal(run.Completed[1], run.Lanes[1].Sum(l => l.Served));
            Assert.Equal(run.Completed[1], run.PointWaits[1].Length);
            Assert.Equal(run.Arrived, run.TotalWaits.Length);
        }
    }

    [Fact]
    public void AlarmsSendAboutTheAlarmRateToSecondaryScreening()
    {
        var run = EntranceSimulation.Run(Tandem(QueueDiscipline.Shared, alarmRate: 0.2, staff: 3), 0);

        // 600 children at 20%: 120 expected, binomial sd about 10.
        Assert.InRange(run.Completed[1], 90, 150);
    }

    [Fact]
    public void NobodyIsScreenedWhenTheDetectorNeverAlarms()
    {
        var run = EntranceSimulation.Run(Tandem(QueueDiscipline.Shared, alarmRate: 0, staff: 0), 0);

        Assert.Equal(0, run.Completed[1]);
        Assert.Equal(run.Arrived, run.Departed);
    }

    [Fact]
    public void SummaryReportsConservationForEveryReplication()
    {
        var evaluation = LayoutEvaluation.Run(Tandem(QueueDiscipline.PerLane, alarmRate: 0.05, staff: 1));

        Assert.True(evaluation.Conserved);
        Assert.Equal(600, evaluation.Children);
    }

    [Fact]
    public void QueueSeriesIsEmptyAfterTheLastChildPasses()
    {
        var run = EntranceSimulation.Run(Tandem(QueueDiscipline.Shared, alarmRate: 0.05, staff: 1), 0);

        Assert.All(run.Series.Waiting, series => Assert.Equal(0, series[^1]));
        Assert.True(run.MaxWaiting[0] > 0, "600 children in 10 minutes through two detectors must queue");
        Assert.Equal(run.MaxWaiting[0], (int)run.Series.Waiting[0].Max(), tolerance: run.MaxWaiting[0] * 0.2);
    }
}
