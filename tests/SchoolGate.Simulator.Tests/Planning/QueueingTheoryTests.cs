using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>
/// The engine against exact steady-state results. Tolerance: the mean wait over 10 replications of
/// 50,000 simulated seconds (10% warm-up discarded) must be within 5% of theory, and theory must lie
/// inside the replications' 95% confidence interval widened by that 5%.
/// </summary>
public sealed class QueueingTheoryTests
{
    private const double Tolerance = 0.05;
    private const int Replications = 10;
    private const double Horizon = 50_000;
    private const int Seed = 7;

    [Theory]
    [InlineData(0.8, 2.0, 2)] // two turnstiles at 30/min each, 48 children/min: rho = 0.8
    [InlineData(1.2, 2.0, 3)] // three lanes, rho = 0.8
    [InlineData(0.25, 3.0, 1)] // one detector at 20/min, 15 children/min: rho = 0.75
    public void MMcMeanWaitMatchesErlangC(double lambda, double meanService, int servers)
    {
        var scenario = SteadyState.SingleStage(lambda, servers, Distribution.Exponential(meanService), Horizon, Replications, Seed);

        var evaluation = LayoutEvaluation.Run(scenario);

        var expected = QueueingTheory.ErlangCMeanWait(lambda, 1 / meanService, servers);
        AssertClose(expected, evaluation.Waits.Mean);
    }

    [Theory]
    [InlineData(0.35, 2.0)] // rho = 0.7
    [InlineData(0.3, 3.0)] // rho = 0.9
    public void MD1MeanWaitMatchesPollaczekKhinchine(double lambda, double serviceSeconds)
    {
        var service = Distribution.Fixed(serviceSeconds);
        var scenario = SteadyState.SingleStage(lambda, 1, service, Horizon, Replications, Seed);

        var evaluation = LayoutEvaluation.Run(scenario);

        var expected = QueueingTheory.PollaczekKhinchineMeanWait(lambda, service.Mean, service.SecondMoment);
        AssertClose(expected, evaluation.Waits.Mean);
    }

    [Fact]
    public void MG1WithNormalServiceMatchesPollaczekKhinchine()
    {
        var service = Distribution.Normal(2.0, 0.5);
        var scenario = SteadyState.SingleStage(0.4, 1, service, Horizon, Replications, Seed);

        var evaluation = LayoutEvaluation.Run(scenario);

        var expected = QueueingTheory.PollaczekKhinchineMeanWait(0.4, service.Mean, service.SecondMoment);
        AssertClose(expected, evaluation.Waits.Mean);
    }

    private static void AssertClose(double expected, Estimate simulated)
    {
        var relativeError = Math.Abs(simulated.Mean - expected) / expected;
        Assert.True(
            relativeError <= Tolerance,
            $"simulated mean wait {simulated.Mean:F4} s vs theory {expected:F4} s: {relativeError:P2} off (tolerance {Tolerance:P0})");
        Assert.InRange(expected, simulated.Low - Tolerance * expected, simulated.High + Tolerance * expected);
    }
}
