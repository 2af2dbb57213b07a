using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class PercentilesTests
{
    [Fact]
    public void InterpolatesBetweenOrderStatisticsLikeNumPy()
    {
        float[] sorted = [1, 2, 3, 4];

        // numpy.percentile([1,2,3,4], [50, 95]) == [2.5, 3.85]
        Assert.Equal(2.5, Percentiles.Of(sorted, 50), precision: 6);
        Assert.Equal(3.85, Percentiles.Of(sorted, 95), precision: 5);
        Assert.Equal(4, Percentiles.Of(sorted, 100));
        Assert.Equal(1, Percentiles.Of(sorted, 0));
    }

    [Fact]
    public void EmptyInputHasZeroPercentile() => Assert.Equal(0, Percentiles.Of([], 95));
}
