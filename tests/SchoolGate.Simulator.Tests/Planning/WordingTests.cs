using SchoolGate.Simulator.Planning;

namespace SchoolGate.Simulator.Tests.Planning;

public sealed class WordingTests
{
    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(456, "7.6 min")]
    [InlineData(910, "15 min")]
    [InlineData(7200, "2 h")]
    [InlineData(327680, "3.8 days")]
    public void DurationsReadInTheLargestSensibleUnit(double seconds, string expected) =>
        Assert.Equal(expected, Wording.Duration(seconds));
}
