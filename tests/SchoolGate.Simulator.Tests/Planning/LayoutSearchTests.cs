using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class LayoutSearchTests
{
    private const int Children = 120;
    private const double TurnstileSeconds = 2.0;

    // Everyone at once, turnstiles only, fixed 2 s per child: child k (0-based) waits
    // floor(k / lanes) * 2 s, so the p95 wait of every layout is known exactly.
    private static Scenario KnownCase(double targetSeconds) => new()
    {
        Students = Children,
        LessonStart = 8 * 3600,
        Arrivals = new ArrivalProfile { Kind = ArrivalKind.AllAtOnce, At = 7 * 3600 + 55 * 60 },
        Entrance = new Entrance
        {
            Detectors = new DetectorStage { Lanes = 0 },
            Turnstiles = new TurnstileStage
            {
                Lanes = 1,
                CardRead = Distribution.Fixed(0.5),
                Rotation = Distribution.Fixed(TurnstileSeconds - 0.5),
            },
        },
        Target = new PlanTarget { P95WaitSeconds = targetSeconds, MaxTurnstiles = 8 },
        Simulation = new SimulationSettings { Replications = 3, Seed = 1 },
    };

    private static double ExactP95(int lanes)
    {
        var waits = Enumerable.Range(0, Children).Select(k => (float)(k / lanes * TurnstileSeconds)).ToArray();
        return Percentiles.Of(waits, 95);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(30)]
    public void RecommendsFewestTurnstilesWhoseExactP95MeetsTheTarget(double target)
    {
        var expectedLanes = Enumerable.Range(1, 8).First(lanes => ExactP95(lanes) <= target);

        var recommendation = LayoutSearch.Run(KnownCase(target));

        Assert.NotNull(recommendation.Best);
        Assert.Equal(expectedLanes, recommendation.Best.Turnstiles);
        Assert.Equal(0, recommendation.Best.Detectors);
        Assert.Equal(ExactP95(expectedLanes), recommendation.Best.Waits.P95.Mean, precision: 3);
    }

    [Fact]
    public void ReportsNoLayoutWhenTheTargetIsOutOfReach()
    {
        // Even eight lanes leave the 114th child waiting 28 s.
        var recommendation = LayoutSearch.Run(KnownCase(5));

        Assert.Null(recommendation.Best);
        Assert.Equal(8, recommendation.Candidates.Count);
        Assert.All(recommendation.Candidates, c => Assert.False(c.MeetsTarget));
    }

    [Fact]
    public void BalancesDetectorsAndTurnstilesInATandemEntrance()
    {
        // Detectors take 6 s, turnstiles 2 s, no alarms: to move 120 children quickly the
        // detectors are the bottleneck, so the recommendation needs more of them.
        var scenario = KnownCase(150) with
        {
            Entrance = new Entrance
            {
                Detectors = new DetectorStage { Lanes = 1, WalkThrough = Distribution.Fixed(6), AlarmRate = 0, Staff = 0 },
                Turnstiles = KnownCase(150).Entrance.Turnstiles,
            },
            Target = new PlanTarget { P95WaitSeconds = 150, MaxDetectors = 8, MaxTurnstiles = 8 },
        };

        var recommendation = LayoutSearch.Run(scenario);

        Assert.NotNull(recommendation.Best);
        Assert.True(recommendation.Best.Detectors > recommendation.Best.Turnstiles);
        var fewer = recommendation.Candidates.Where(c => c.TotalLanes < recommendation.Best.TotalLanes);
        Assert.All(fewer, c => Assert.False(c.MeetsTarget));
        Assert.Equal(64, recommendation.Candidates.Count);
    }

    [Fact]
    public void SearchKeepsSummariesButNotEveryChildsWaitOfTheLayoutsItTried()
    {
        var recommendation = LayoutSearch.Run(KnownCase(60));

        Assert.Empty(recommendation.Best!.PooledWaits);
        Assert.Empty(recommendation.Largest.PooledWaits);
        Assert.Equal(ExactP95(recommendation.Best.Turnstiles), recommendation.Best.Waits.P95.Mean, precision: 3);
        Assert.NotEmpty(recommendation.Best.MeanQueue.Waiting[0]);
    }

    [Fact]
    public void ReportsProgressForEveryLayout()
    {
        var calls = 0;
        LayoutSearch.Run(KnownCase(60), (_, total) =>
        {
            Interlocked.Increment(ref calls);
            Assert.Equal(8, total);
        });

        Assert.Equal(8, calls);
    }

    [Fact]
    public void NamesSecondaryScreeningWhenItLimitsEveryLayout()
    {
        // Half the children alarm and one person checks each for 30 s: no number of lanes helps.
        var scenario = KnownCase(60) with
        {
            Entrance = new Entrance
            {
                Detectors = new DetectorStage { Lanes = 1, AlarmRate = 0.5, Staff = 1, Screening = Distribution.Fixed(30) },
                Turnstiles = KnownCase(60).Entrance.Turnstiles,
            },
            Target = new PlanTarget { P95WaitSeconds = 60, MaxDetectors = 3, MaxTurnstiles = 3 },
        };

        var result = PlanResult.Compute(scenario, search: true);

        Assert.Null(result.Recommendation!.Best);
        Assert.Equal((3, 3), (result.Recommendation.Largest.Detectors, result.Recommendation.Largest.Turnstiles));
        Assert.Contains("Secondary screening is the bottleneck", PlanNarrative.Recommendation(result));
    }
}
