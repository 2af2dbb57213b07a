using SchoolGate.Simulator.Parents;

namespace SchoolGate.Simulator.Tests.Parents;

/// <summary>
/// The parents' rush at a small scale (the same arrival rate as the pilot, over a short window):
/// the real delivery engine against the local Bot API that enforces Telegram's limits.
/// </summary>
public sealed class ParentRushRunTests
{
    [Fact]
    public async Task EveryGuardianHearsWithinTelegramsLimitsAndTheEmergencyAtThePeakGoesWithinTwoSeconds()
    {
        var result = await ParentRushRun.RunAsync(new ParentRushSettings(ParentRushScenario.Pilot.Scaled(0.03), Tokens: 1), CancellationToken.None);

        Assert.Equal(0, result.Undelivered);
        Assert.Equal(0, result.TooManyRequests);
        Assert.True(result.MaxSeconds < 60, $"the latest arrival message took {result.MaxSeconds} s");
        Assert.True(result.EmergencySeconds < 2, $"the emergency took {result.EmergencySeconds} s");
    }

    [Fact]
    public async Task SiblingsArrivingTogetherReachEachGuardianAsOneMessage()
    {
        var result = await ParentRushRun.RunAsync(new ParentRushSettings(ParentRushScenario.Pilot.Scaled(0.02), Tokens: 2), CancellationToken.None);

        var families = result.Population.Families;
        // One message per guardian of a family arriving together, plus the emergency.
        Assert.Equal(families.Sum(f => f.Guardians) + 1, result.Sends);
        Assert.True(result.Rows > result.Sends);
    }

    [Fact]
    public async Task AlarmClaimedAheadOfAFullQueueDoesNotHideTheMessagesQueuedBeforeIt()
    {
        // Far more queued than the engine holds: the alarm at the peak is claimed out of turn,
        // while hundreds of arrival messages queued before it still wait in the outbox.
        var result = await ParentRushRun.RunAsync(new ParentRushSettings(ParentRushScenario.Pilot.Scaled(0.03), Tokens: 1, MaxHeld: 100),
            CancellationToken.None);

        Assert.Equal(0, result.Undelivered);
        Assert.True(result.EmergencySeconds < 2, $"the emergency took {result.EmergencySeconds} s");
    }

    [Fact]
    public void ScenarioKeepsTheGuardiansPerChildOfThePilot()
    {
        var population = ParentRushScenario.Pilot.Generate(seed: 7);

        Assert.Equal(10_000, population.Children);
        Assert.InRange(population.Guardians, 14_500, 15_500);
        Assert.Equal(10, population.Schools);
        Assert.All(population.Families, f => Assert.InRange(f.ArrivalMs, 0, TimeSpan.FromMinutes(20).TotalMilliseconds));
    }
}
