using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class EstimateTests
{
    [Fact]
    public void ConfidenceIntervalUsesStudentT()
    {
        var estimate = Estimate.From([1.0, 2.0, 3.0]);

        // mean 2, s = 1, se = 1/sqrt(3), t(0.975, 2) = 4.303
        Assert.Equal(2, estimate.Mean, precision: 9);
        Assert.Equal(4.303 / Math.Sqrt(3), estimate.HalfWidth, precision: 6);
    }

    [Theory]
    [InlineData(40, 2.022691)] // Student t 97.5% quantiles for 39, 59 and 119 degrees of freedom
    [InlineData(60, 2.000995)]
    [InlineData(120, 1.980100)]
    public void ConfidenceIntervalUsesStudentTBeyondThirtyReplications(int replications, double t)
    {
        // Alternating 0 and 2: mean 1, every deviation 1, so s = sqrt(n / (n - 1)) and se = 1 / sqrt(n - 1).
        var values = Enumerable.Range(0, replications).Select(i => i % 2 == 0 ? 0.0 : 2.0).ToArray();

        var estimate = Estimate.From(values);

        Assert.Equal(t / Math.Sqrt(replications - 1), estimate.HalfWidth, precision: 4);
    }

    [Fact]
    public void SingleReplicationHasNoInterval() => Assert.Equal(new Estimate(5, 0), Estimate.From([5.0]));
}
