using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class ReproducibilityTests
{
    private static Scenario Morning(int seed) => new()
    {
        Students = 400,
        Entrance = new Entrance
        {
            Detectors = new DetectorStage { Lanes = 1 },
            Turnstiles = new TurnstileStage { Lanes = 2 },
        },
        Simulation = new SimulationSettings { Replications = 4, Seed = seed },
    };

    [Fact]
    public void SameSeedGivesIdenticalResults()
    {
        var first = LayoutEvaluation.Run(Morning(123));
        var second = LayoutEvaluation.Run(Morning(123));

        Assert.Equal(first.PooledWaits, second.PooledWaits);
        Assert.Equal(first.Waits, second.Waits);
        Assert.Equal(first.LateBecauseOfQueue, second.LateBecauseOfQueue);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentMornings()
    {
        var first = LayoutEvaluation.Run(Morning(123));
        var second = LayoutEvaluation.Run(Morning(124));

        Assert.NotEqual(first.PooledWaits, second.PooledWaits);
    }

    [Fact]
    public void ReplicationDoesNotDependOnHowManyReplicationsRun()
    {
        var few = Morning(5) with { Simulation = new SimulationSettings { Replications = 2, Seed = 5 } };
        var many = Morning(5) with { Simulation = new SimulationSettings { Replications = 8, Seed = 5 } };

        Assert.Equal(EntranceSimulation.Run(few, 1).TotalWaits, EntranceSimulation.Run(many, 1).TotalWaits);
    }

    [Fact]
    public void ReplicationsDiffer()
    {
        var scenario = Morning(9);

        Assert.NotEqual(EntranceSimulation.Run(scenario, 0).TotalWaits, EntranceSimulation.Run(scenario, 1).TotalWaits);
    }
}
