using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>Builds single-stage steady-state scenarios with the "poisson" arrival profile.</summary>
internal static class SteadyState
{
    public static Scenario SingleStage(double lambda, int servers, Distribution service, double horizonSeconds, int replications, int seed) =>
        new()
        {
            Arrivals = new ArrivalProfile
            {
                Kind = ArrivalKind.Poisson,
                RatePerSecond = lambda,
                From = 0,
                HorizonSeconds = horizonSeconds,
                WarmupSeconds = horizonSeconds / 10,
            },
            Entrance = new Entrance
            {
                Detectors = new DetectorStage { Lanes = 0 },
                Turnstiles = new TurnstileStage
                {
                    Lanes = servers,
                    Queue = QueueDiscipline.Shared,
                    CardRead = Distribution.Fixed(0),
                    Rotation = service,
                },
            },
            Simulation = new SimulationSettings { Replications = replications, Seed = seed, SampleIntervalSeconds = 600 },
        };
}
